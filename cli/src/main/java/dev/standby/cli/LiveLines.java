package dev.standby.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Progress bars under a run's printed steps. On a terminal they are redrawn in place: the bars are
 * the last lines on screen, erased (cursor up, clear to the end of the screen) before anything else
 * is printed and drawn again after. Elsewhere (a pipe, a log file, stderr beside {@code --output
 * json}) each bar is printed as a plain line when it first appears and as it passes each quarter,
 * so a log gets a few lines per bake or upload, not one per poll.
 */
final class LiveLines {
  private static final String INDENT = "  ";
  private final PrintStream raw;
  private final boolean redraw;
  private final PrintStream lines;
  private final Map<String, Integer> printedQuarter = new HashMap<>();
  private int drawn;

  /**
   * @param raw where the lines go
   * @param redraw redraw in place (a terminal) rather than print plain lines
   */
  LiveLines(PrintStream raw, boolean redraw) {
    this.raw = raw;
    this.redraw = redraw;
    this.lines =
        new PrintStream(
            new OutputStream() {
              @Override
              public void write(int b) {
                erase();
                raw.write(b);
              }

              @Override
              public void write(byte[] b, int off, int len) {
                erase();
                raw.write(b, off, len);
              }

              @Override
              public void flush() throws IOException {
                raw.flush();
              }
            },
            true,
            StandardCharsets.UTF_8);
  }

  /** Where the run's other lines go: printing there first erases the bars drawn in place. */
  PrintStream lines() {
    return lines;
  }

  void show(List<RunProgress.Item> items) {
    if (redraw) {
      erase();
      for (RunProgress.Item item : items) {
        raw.print(INDENT + item.line() + "\n");
      }
      drawn = items.size();
      raw.flush();
      return;
    }
    for (RunProgress.Item item : items) {
      int quarter = item.fraction() < 0 ? 0 : (int) Math.floor(item.fraction() * 4);
      Integer before = printedQuarter.put(item.key(), quarter);
      if (before == null || quarter > before) {
        raw.println(INDENT + item.line());
      }
    }
  }

  /** Takes the bars off the screen (on a terminal); plain lines stay. */
  void erase() {
    if (drawn > 0) {
      raw.print("\033[" + drawn + "A\r\033[J");
      drawn = 0;
    }
  }
}
