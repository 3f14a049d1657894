"""The plain logic of type-ahead (tui/keyflow.py): terminal replies split by the link, escape delay."""

from __future__ import annotations

from tui.keyflow import LOCAL_ESCAPE_DELAY_MS, SSH_ESCAPE_DELAY_MS, ReplyFilter, escape_delay_ms


def feed_all(filt: ReplyFilter, keys: str, start: float = 0.0, gap: float = 0.01) -> list[str]:
    """Feed characters (\x1b is a lone Esc key) and collect what is delivered."""
    out: list[str] = []
    now = start
    for ch in keys:
        out += filt.feed(ch, None if ch == "\x1b" else ch, ch == "\x1b", now)
        now += gap
    return out


def test_split_mode_report_is_dropped_whole():
    filt: ReplyFilter[str] = ReplyFilter()
    assert feed_all(filt, "\x1b[?2026;2$y") == ["\x1b"]
    assert filt.dropped == ["[?2026;2$y"]
    assert not filt.holding


def test_other_replies_are_dropped():
    for reply in ("[?2048;0$y", "[12;40R", "[?64;1;2c", "[?1u"):
        filt: ReplyFilter[str] = ReplyFilter()
        assert feed_all(filt, "\x1b" + reply) == ["\x1b"], reply


def test_keys_after_escape_that_are_no_reply_go_through_in_order():
    filt: ReplyFilter[str] = ReplyFilter()
    # Esc then `[` (previous year) then `j`: `[` is held for a moment, then released with `j`
    assert feed_all(filt, "\x1b[j") == ["\x1b", "[", "j"]
    # a key split after its ESC has no `?` or `;`: it is not taken for a reply
    filt = ReplyFilter()
    assert feed_all(filt, "\x1b[B") == ["\x1b", "[", "B"]


def test_a_held_character_is_released_when_nothing_follows():
    filt: ReplyFilter[str] = ReplyFilter(hold=0.3)
    assert feed_all(filt, "\x1b[") == ["\x1b"]
    assert filt.holding
    assert filt.flush(0.1) == []  # not yet
    assert filt.flush(0.5) == ["["]
    assert not filt.holding


def test_characters_long_after_an_escape_are_plain_keys():
    filt: ReplyFilter[str] = ReplyFilter(window=1.0)
    assert filt.feed("\x1b", None, True, 0.0) == ["\x1b"]
    assert filt.feed("[", "[", False, 5.0) == ["["]  # five seconds later: the reader pressed [


def test_without_escape_nothing_is_held():
    filt: ReplyFilter[str] = ReplyFilter()
    assert feed_all(filt, "[?2026;2$y") == list("[?2026;2$y")


def test_escape_delay():
    assert escape_delay_ms({}) == LOCAL_ESCAPE_DELAY_MS
    assert escape_delay_ms({"SSH_CONNECTION": "10.0.0.1 5000 10.0.0.2 22"}) == SSH_ESCAPE_DELAY_MS
    assert escape_delay_ms({"SSH_TTY": "/dev/pts/3"}) == SSH_ESCAPE_DELAY_MS
    assert SSH_ESCAPE_DELAY_MS >= 250 > LOCAL_ESCAPE_DELAY_MS
    # the user's own setting wins, over SSH too; nonsense is ignored
    assert escape_delay_ms({"ESCDELAY": "50", "SSH_TTY": "/dev/pts/3"}) == 50
    assert escape_delay_ms({"ESCDELAY": "soon"}) == LOCAL_ESCAPE_DELAY_MS


def pieces(*reads: str) -> list[list[str]]:
    from tui.keyflow import EscapeSplitter

    splitter = EscapeSplitter()
    return [splitter.split(data) for data in reads]


def test_an_escape_before_another_key_stands_alone():
    assert pieces("\x1b/") == [["\x1b", "/"]]
    assert pieces("/abc\x1b:20\x1bq") == [["/abc\x1b", ":20\x1b", "q"]]
    for char in "\r\x7f1 \tjG]é\x03":
        assert pieces("\x1b" + char + "x") == [["\x1b", char + "x"]], repr(char)


def test_the_starts_of_sequences_are_left_to_the_parser():
    for data in ("\x1b[A", "\x1bOB", "\x1b[<0;3;4M", "\x1b[?2026;2$y", "\x1b[I", "\x1b\x1b", "j\x1b[6~k"):
        assert pieces(data) == [[data]], repr(data)


def test_an_escape_that_ends_a_read_is_decided_by_the_next_read():
    # the rest of an arrow key may follow; if a key follows instead, the Esc stood alone
    assert pieces("/ab\x1b", "[B") == [["/ab\x1b"], ["[B"]]
    assert pieces("/ab\x1b", ":2") == [["/ab\x1b"], ["", ":2"]]
    assert pieces("\x1b", "\x1b", "j") == [["\x1b"], ["\x1b"], ["", "j"]]


def test_an_escape_inside_a_bracketed_paste_is_text():
    assert pieces("\x1b[200~a\x1bb\x1b[201~\x1bj") == [["\x1b[200~a\x1bb\x1b[201~\x1b", "j"]]
    # the markers split across reads anywhere
    assert pieces("\x1b[20", "0~a\x1b", "b\x1b[2", "01~\x1b", "j") == [
        ["\x1b[20"], ["0~a\x1b"], ["b\x1b[2"], ["01~\x1b"], ["", "j"]]
    # a sequence that only begins like the marker is no paste
    assert pieces("\x1b[2~\x1bj") == [["\x1b[2~\x1b", "j"]]
