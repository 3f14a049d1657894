"""Over a real SSH connection: OpenSSH's sshd on 127.0.0.1 with its own keys and config
(ForceCommand to the installed command), `ssh -tt` in a pseudo-terminal at 80x24.

Also: terminals that cannot show the explorer (TERM=dumb, TERM=unknown) get one clear line.
"""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.timeline_file import builtin_path, load

from ptyterm import Term

pytestmark = pytest.mark.terminal

SBIN = os.pathsep.join(("/usr/sbin", "/usr/local/sbin", "/sbin"))


def command() -> list[str]:
    installed = shutil.which("syria-timeline")
    return [installed] if installed else [sys.executable, "-m", "tui"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def sshd(tmp_path):
    """A private sshd that runs the app for every login; yields (port, key file, user)."""
    server = shutil.which("sshd", path=os.environ.get("PATH", "") + os.pathsep + SBIN)
    client, keygen = shutil.which("ssh"), shutil.which("ssh-keygen")
    if not (server and client and keygen):
        pytest.skip("OpenSSH is not installed (apt-get install openssh-server openssh-client)")
    for name in ("host_key", "user_key"):
        subprocess.run([keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(tmp_path / name)], check=True)
    (tmp_path / "authorized_keys").write_text((tmp_path / "user_key.pub").read_text())
    for name in ("user_key", "host_key", "authorized_keys"):
        (tmp_path / name).chmod(0o600)
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation folder
    app = " ".join(shlex.quote(part) for part in command())
    force = (
        f"env XDG_STATE_HOME={shlex.quote(str(tmp_path / 'state'))} "
        f"XDG_CACHE_HOME={shlex.quote(str(tmp_path / 'cache'))} {app}"
    )
    port = free_port()
    config = tmp_path / "sshd_config"
    config.write_text(
        f"Port {port}\n"
        "ListenAddress 127.0.0.1\n"
        f"HostKey {tmp_path / 'host_key'}\n"
        f"PidFile {tmp_path / 'sshd.pid'}\n"
        f"AuthorizedKeysFile {tmp_path / 'authorized_keys'}\n"
        "AuthenticationMethods publickey\n"
        "PubkeyAuthentication yes\n"
        "PasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\n"
        "PermitRootLogin prohibit-password\n"
        "StrictModes no\n"
        "UsePAM no\n"
        "PrintMotd no\n"
        "PrintLastLog no\n"
        "X11Forwarding no\n"
        "AllowTcpForwarding no\n"
        "PermitTTY yes\n"
        "LogLevel ERROR\n"
        "AcceptEnv LANG LC_*\n"  # as Debian's sshd: the client's locale comes along (UTF-8 symbols)
        f"ForceCommand {force}\n"
    )
    log = open(tmp_path / "sshd.log", "wb")
    daemon = subprocess.Popen([server, "-D", "-e", "-f", str(config)], stdout=log, stderr=log, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if daemon.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail(f"sshd did not start: {(tmp_path / 'sshd.log').read_text(errors='replace')[-2000:]}")
                time.sleep(0.05)
        import pwd

        yield port, tmp_path / "user_key", pwd.getpwuid(os.getuid()).pw_name
    finally:
        daemon.terminate()
        try:
            daemon.wait(timeout=5)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
        log.close()


def test_app_over_ssh(sshd):
    port, key, user = sshd
    timeline = load(builtin_path())
    first, second = timeline.events[0], timeline.events[1]
    t = Term(
        [
            "ssh", "-tt", "-F", "/dev/null", "-p", str(port), "-i", str(key),
            "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "UpdateHostKeys=no", "-o", "SendEnv=LANG LC_*", "-o", "LogLevel=ERROR",  # no: ssh (as root) would rename a new known_hosts over /dev/null
            f"{user}@127.0.0.1",
        ],
        80,
        24,
        env={"TERM": "xterm-256color", "LANG": "C.UTF-8"},
    )
    try:
        assert t.wait_for(first.title[:40], 20), t.text()
        screen = t.text()
        assert "── 2011" in screen and f"All {len(timeline.events)} events" in screen
        t.settle(0.8)  # Textual ignores keys for a moment after the first paint

        def cursor_line() -> str:
            return next((line for line in t.text().splitlines() if line.startswith("▶")), "")

        for _ in range(3):  # a key that arrives while Textual still ignores keys is lost: try again
            t.send("down")
            deadline = time.monotonic() + 2
            while second.title[:20] not in cursor_line() and time.monotonic() < deadline:
                t.pump(0.05)
            if second.title[:20] in cursor_line():
                break
        assert second.title[:20] in cursor_line(), t.text()

        t.send("a")
        assert t.wait_for("Filter by actor", 5), t.text()
        t.settle(0.3)
        t.send(*"Hayat Tahrir")
        t.settle(0.5)
        t.send("enter")
        assert t.wait_for(f"of {len(timeline.events)} events", 5), t.text()
        assert "Filtered by" in t.text() and "HTS" in t.text()
        t.settle(0.3)

        t.send("q")
        assert t.wait_exit(15) == 0, t.text()
    finally:
        t.close()


@pytest.mark.parametrize("term", ["dumb", "unknown"])
def test_terminal_that_cannot_show_the_app_gets_one_clear_line(term):
    t = Term(command(), 80, 24, env={"TERM": term})
    try:
        code = t.wait_exit(15)
        out = t.text()
    finally:
        t.close()
    assert code == 2
    assert f"TERM={term} cannot show the explorer" in out
    assert "\x1b[?1049h" not in t.raw.decode("utf-8", "replace")  # never switched to the app screen
    assert "Traceback" not in out
