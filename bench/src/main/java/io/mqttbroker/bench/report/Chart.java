package io.mqttbroker.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The comparison as a PNG, drawn with java.awt (headless, no native plotting tool needed): one horizontal bar per
 * figure, its length the factor by which the subject leads (right of 1x, green) or trails (left, red) the baseline
 * on a logarithmic axis, whichever way is better for that figure.
 */
final class Chart {
  private static final int WIDTH = 1100;
  private static final int LABEL_WIDTH = 440;
  private static final int ROW = 24;
  private static final int TOP = 70;
  private static final int BOTTOM = 50;
  private static final double MAX_FACTOR = 8;
  private static final Color LEADS = new Color(0x2E, 0x8B, 0x57);
  private static final Color TRAILS = new Color(0xC0, 0x39, 0x2B);

  private Chart() {}

  static void write(List<Row> rows, String subject, String baseline, String title, Path file) throws IOException {
    int height = TOP + rows.size() * ROW + BOTTOM;
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      g.drawString(subject + " against " + baseline + ": how many times better (log scale)", 12, 24);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.drawString(title, 12, 44);
      int plotLeft = LABEL_WIDTH;
      int plotRight = WIDTH - 60;
      int parity = (plotLeft + plotRight) / 2;
      double perLog = (plotRight - parity) / log2(MAX_FACTOR);
      drawAxis(g, plotLeft, plotRight, parity, perLog, height, subject, baseline);
      for (int i = 0; i < rows.size(); i++) {
        Row r = rows.get(i);
        int y = TOP + i * ROW;
        double lead = Math.max(1 / MAX_FACTOR, Math.min(MAX_FACTOR, r.lead()));
        int x = (int) Math.round(parity + log2(lead) * perLog);
        g.setColor(lead >= 1 ? LEADS : TRAILS);
        g.fillRect(Math.min(parity, x), y + 4, Math.max(2, Math.abs(x - parity)), ROW - 8);
        g.setColor(Color.BLACK);
        g.drawString(r.label(), 12, y + ROW - 8);
        String text = String.format(Locale.ROOT, "%.2fx", r.lead());
        int textWidth = g.getFontMetrics().stringWidth(text);
        g.drawString(text, lead >= 1 ? x + 4 : x - textWidth - 4, y + ROW - 8);
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static void drawAxis(Graphics2D g, int left, int right, int parity, double perLog, int height,
      String subject, String baseline) {
    g.setColor(new Color(0xDD, 0xDD, 0xDD));
    for (double f = 1 / MAX_FACTOR; f <= MAX_FACTOR; f *= 2) {
      int x = (int) Math.round(parity + log2(f) * perLog);
      g.drawLine(x, TOP - 6, x, height - BOTTOM + 4);
    }
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(2));
    g.drawLine(parity, TOP - 6, parity, height - BOTTOM + 4);
    g.setStroke(new BasicStroke(1));
    for (double f = 1 / MAX_FACTOR; f <= MAX_FACTOR; f *= 2) {
      int x = (int) Math.round(parity + log2(f) * perLog);
      String label = f >= 1 ? String.format(Locale.ROOT, "%.0fx", f) : String.format(Locale.ROOT, "1/%.0f", 1 / f);
      g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, height - BOTTOM + 20);
    }
    g.drawString("<- " + baseline + " better", left, height - 12);
    String right2 = subject + " better ->";
    g.drawString(right2, right - g.getFontMetrics().stringWidth(right2), height - 12);
  }

  private static double log2(double v) {
    return Math.log(v) / Math.log(2);
  }
}
