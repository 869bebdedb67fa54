package io.sagitta.storage.blob;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Collects Vert.x's blocked-thread warnings (logged through SLF4J to logback in tests, see
 * logback-test.xml) so that the contract tests fail when an event loop was blocked, whatever
 * blocked it: a backstop for what the stores' own guard cannot see.
 */
public final class BlockedThreadWarnings extends AppenderBase<ILoggingEvent> {

  static final List<String> WARNINGS = new CopyOnWriteArrayList<>();

  @Override
  protected void append(ILoggingEvent event) {
    if (event.getFormattedMessage().contains("eventloop")) {
      StringBuilder text = new StringBuilder(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        for (var frame : event.getThrowableProxy().getStackTraceElementProxyArray()) {
          text.append("\n\t").append(frame.getSTEAsString());
        }
      }
      WARNINGS.add(text.toString());
    }
  }

  /** Returns and forgets what was collected. */
  static List<String> drain() {
    List<String> copy = List.copyOf(WARNINGS);
    WARNINGS.clear();
    return copy;
  }
}
