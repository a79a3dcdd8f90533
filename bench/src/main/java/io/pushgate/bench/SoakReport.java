package io.pushgate.bench;

import io.pushgate.bench.SoakGenerator.SoakSettings;
import java.util.Locale;

/** The soak run's result as a Markdown table, and whether it passed. */
record SoakReport(SoakSettings settings, SoakTally tally, long sinkReceived, long heapPeakBytes, double peakRssMb,
                  long refusedByGateway, boolean alive) {

  /** Every accepted message accounted for, every refusal counted on both sides, no other answer, gateway alive. */
  boolean passed() {
    return tally.unaccounted() == 0 && tally.otherAnswers() == 0 && alive
        && refusedByGateway == tally.refusedRequests();
  }

  String table() {
    return String.join("\n",
        "| soak | value |",
        "|---|---:|",
        row("target answers after (ms)", settings.targetDelayMs()),
        row("sustainable rate to that target (msg/s)", settings.sustainable()),
        row("offered rate (msg/s)", settings.rate()),
        row("offered for (s)", settings.seconds()),
        row("messages offered", tally.offeredMessages()),
        row("messages accepted", tally.acceptedMessages()),
        row("requests refused (429), load generator", tally.refusedRequests()),
        row("requests refused (overloaded), gateway metric", refusedByGateway),
        row("accepted: delivered", tally.delivered()),
        row("accepted: failed", tally.failed()),
        row("accepted: timeout", tally.timedOut()),
        row("accepted without an outcome", tally.unaccounted()),
        row("other answers or failed calls", tally.otherAnswers()),
        "| other answers by status | " + tally.otherStatuses() + " |",
        row("sink received", sinkReceived),
        row("gateway heap peak (MB, -Xmx256m)", heapPeakBytes / (1024 * 1024)),
        String.format(Locale.ROOT, "| gateway peak RSS (MB) | %.0f |", peakRssMb),
        "| gateway alive at the end | " + (alive ? "yes" : "NO") + " |",
        "| result | " + (passed() ? "PASS" : "FAIL") + " |");
  }

  private static String row(String name, long value) {
    return String.format(Locale.ROOT, "| %s | %,d |", name, value);
  }
}
