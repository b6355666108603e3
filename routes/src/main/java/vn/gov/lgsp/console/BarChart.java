package vn.gov.lgsp.console;

import java.util.ArrayList;
import java.util.List;

/**
 * A bar chart drawn as inline SVG by the page itself (no script, nothing fetched): one group of bars per label, one
 * bar per series, scaled to the largest value.
 */
public record BarChart(int width, int height, int max, List<String> series, List<Group> groups) {

    static final int WIDTH = 900;
    static final int HEIGHT = 160;
    private static final int LABEL_SPACE = 16;

    /** One bar: where it stands and what it says when pointed at. */
    public record Bar(int series, double x, double y, double width, double height, int value) {
    }

    /** The bars of one label, and where its label goes (every few groups, so that labels do not overlap). */
    public record Group(String label, double labelX, boolean showLabel, List<Bar> bars) {
    }

    /** {@code values.get(s).get(i)}: series {@code s} at label {@code i}. */
    public static BarChart of(List<String> labels, List<String> series, List<List<Integer>> values) {
        int max = 1;
        for (List<Integer> v : values) {
            for (int x : v) {
                max = Math.max(max, x);
            }
        }
        double slot = (double) WIDTH / Math.max(1, labels.size());
        double barWidth = Math.max(1, (slot - 2) / series.size());
        int plot = HEIGHT - LABEL_SPACE;
        int every = Math.max(1, (int) Math.ceil(labels.size() / 10.0));
        List<Group> groups = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            List<Bar> bars = new ArrayList<>();
            for (int s = 0; s < series.size(); s++) {
                int value = values.get(s).get(i);
                double h = (double) plot * value / max;
                bars.add(new Bar(s, i * slot + 1 + s * barWidth, plot - h, barWidth, h, value));
            }
            groups.add(new Group(labels.get(i), i * slot + slot / 2, i % every == 0, bars));
        }
        return new BarChart(WIDTH, HEIGHT, max, series, groups);
    }
}
