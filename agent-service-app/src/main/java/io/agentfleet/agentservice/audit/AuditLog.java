package io.agentfleet.agentservice.audit;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import org.slf4j.LoggerFactory;

/**
 * Appends audit events as JSON lines to a size-rotated file, through a logger of its own that does not
 * reach the application log. Recording only queues the line: a background thread writes it, so a
 * route never waits on the disk unless the queue is full, and then it waits rather than drop a record.
 */
public final class AuditLog implements AutoCloseable {
  /** The logger every audit line goes through. */
  public static final String LOGGER = "io.agentfleet.agentservice.audit";

  /** Lines waiting for the disk before a recording waits too. */
  private static final int QUEUE_SIZE = 1024;

  /** How long closing waits for queued lines to reach the file. */
  private static final int FLUSH_MILLIS = 5_000;

  private final Logger logger;
  private final AsyncAppender async;

  private AuditLog(Logger logger, AsyncAppender async) {
    this.logger = logger;
    this.async = async;
  }

  /** Opens the audit log {@code settings} describe, on the {@link #LOGGER} logger; throws when the file cannot be opened. */
  public static AuditLog open(AuditSettings settings) {
    return open(settings, LOGGER);
  }

  /** Opens the audit log on logger {@code name}: one log per name in a JVM (tests open several). */
  static AuditLog open(AuditSettings settings, String name) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    String file = settings.file().toString();

    RollingFileAppender<ILoggingEvent> rolling = new RollingFileAppender<>();
    rolling.setContext(context);
    rolling.setName(name + ".file");
    rolling.setFile(file);

    FixedWindowRollingPolicy window = new FixedWindowRollingPolicy();
    window.setContext(context);
    window.setParent(rolling);
    window.setFileNamePattern(file + ".%i");
    window.setMinIndex(1);
    window.setMaxIndex(settings.maxFiles());
    window.start();

    SizeBasedTriggeringPolicy<ILoggingEvent> size = new SizeBasedTriggeringPolicy<>();
    size.setContext(context);
    size.setMaxFileSize(new FileSize(settings.maxFileSize()));
    // Logback looks at the size at most once a minute by default; audit lines are few, so look every time
    // and keep each file close to its configured size.
    size.setCheckIncrement(Duration.buildByMilliseconds(0));
    size.start();

    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%msg%n");
    encoder.start();

    rolling.setRollingPolicy(window);
    rolling.setTriggeringPolicy(size);
    rolling.setEncoder(encoder);
    rolling.start();
    if (!rolling.isStarted()) {
      // Logback only reports this in its status messages; a service that cannot audit must not serve.
      throw new IllegalStateException("cannot open the audit file " + file + " (agent-service.audit.file)");
    }

    AsyncAppender async = new AsyncAppender();
    async.setContext(context);
    async.setName(name + ".async");
    async.setQueueSize(QUEUE_SIZE);
    // 0: never discard; neverBlock off: a full queue makes the caller wait instead of losing the record.
    async.setDiscardingThreshold(0);
    async.setNeverBlock(false);
    async.setMaxFlushTime(FLUSH_MILLIS);
    async.addAppender(rolling);
    async.start();

    Logger logger = context.getLogger(name);
    logger.detachAndStopAllAppenders();
    logger.setAdditive(false);
    logger.setLevel(Level.INFO);
    logger.addAppender(async);
    return new AuditLog(logger, async);
  }

  /** Queues {@code event} for the file. */
  public void record(AuditEvent event) {
    logger.info(event.toJsonLine());
  }

  /** Writes what is queued and closes the file. */
  @Override
  public void close() {
    logger.detachAppender(async);
    async.stop();
  }
}
