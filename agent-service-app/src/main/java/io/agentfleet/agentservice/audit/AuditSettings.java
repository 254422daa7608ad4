package io.agentfleet.agentservice.audit;

import com.typesafe.config.Config;
import java.nio.file.Path;

/**
 * Where the audit log goes and how it rotates ({@code agent-service.audit}).
 *
 * @param file              the current audit file; rotated files are {@code file.1} (newest) to {@code file.<maxFiles>}
 * @param maxFileSize       size in bytes at which the current file is rotated
 * @param maxFiles          rotated files kept besides the current one (1 to 20, logback's limit)
 * @param trustForwardedFor take the caller's address from {@code X-Forwarded-For}: only behind a trusted proxy
 */
public record AuditSettings(Path file, long maxFileSize, int maxFiles, boolean trustForwardedFor) {
  /** FixedWindowRollingPolicy keeps no more than this many rotated files. */
  public static final int MAX_ROTATED_FILES = 20;

  public AuditSettings {
    if (maxFileSize < 1) {
      throw new IllegalArgumentException("agent-service.audit.max-file-size must be positive, not " + maxFileSize);
    }
    if (maxFiles < 1 || maxFiles > MAX_ROTATED_FILES) {
      throw new IllegalArgumentException("agent-service.audit.max-files must be 1 to " + MAX_ROTATED_FILES + ", not " + maxFiles);
    }
  }

  public static AuditSettings fromConfig(Config config) {
    Config audit = config.getConfig("agent-service.audit");
    return new AuditSettings(Path.of(audit.getString("file")).toAbsolutePath(), audit.getBytes("max-file-size"),
        audit.getInt("max-files"), audit.getBoolean("trust-forwarded-for"));
  }

  /** The file the {@code n}th rotation went to, {@code n} from 1 (the newest) to {@link #maxFiles}. */
  public Path rotated(int n) {
    return file.resolveSibling(file.getFileName() + "." + n);
  }
}
