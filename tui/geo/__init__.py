"""The map pane's geography, without Textual: the outline data, the projection of latitude and
longitude onto a grid of terminal cells, the places of the shown events weighted by count,
moving between them by direction, and the zoom boxes. `widgets/map.py` draws what
`picture.draw` returns.

    outline     the Natural Earth borders shipped in tui/data/syria_outline.json
    projection  a box of longitude and latitude fitted to a number of columns and rows
    canvas      dots (braille 2x4, half blocks 1x2, or ASCII 1x1 per cell) with lines between them
    glyphs      the symbols for each kind of terminal (UTF-8, the Linux console, ASCII)
    places      counting events per place, grouping places by cell, direction, zoom boxes
    picture     all of it composed into rows of (text, style name) runs
"""
