package dev.sectools.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain text table for people: left-aligned columns separated by two spaces, a header row. */
public final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  /** A table with these column headers. */
  public Table(String... headers) {
    this.columns = headers.length;
    rows.add(headers.clone());
  }

  /**
   * Adds a row.
   *
   * @throws IllegalArgumentException if the number of cells differs from the headers
   */
  public Table row(Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("expected " + columns + " cells, was " + cells.length);
    }
    rows.add(Arrays.stream(cells).map(String::valueOf).toArray(String[]::new));
    return this;
  }

  /** Prints the table, the header first. */
  public void print(PrintWriter out) {
    int[] width = new int[columns];
    for (String[] r : rows) {
      for (int c = 0; c < columns; c++) {
        width[c] = Math.max(width[c], r[c].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        line.append(r[c]);
        if (c < columns - 1) {
          line.append(" ".repeat(width[c] - r[c].length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }
}
