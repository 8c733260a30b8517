package dev.deploypipeline.hostcheck;

/**
 * The headroom a deploy needs: free disk (both an absolute floor, for pulling and unpacking images, and a share of the
 * disk, because a nearly full disk slows everything) and available memory (for the old and new containers side by
 * side during a rollout).
 */
public record Thresholds(long minFreeDiskMb, int minFreeDiskPercent, long minAvailableMemoryMb) {
  public static final long DEFAULT_DISK_MB = 2048;
  public static final int DEFAULT_DISK_PERCENT = 10;
  public static final long DEFAULT_MEMORY_MB = 256;
  public static final Thresholds DEFAULTS = new Thresholds(DEFAULT_DISK_MB, DEFAULT_DISK_PERCENT, DEFAULT_MEMORY_MB);

  public Thresholds {
    if (minFreeDiskMb < 0) throw new IllegalArgumentException("minFreeDiskMb: must be 0 or more, was " + minFreeDiskMb);
    if (minFreeDiskPercent < 0 || minFreeDiskPercent > 99) {
      throw new IllegalArgumentException("minFreeDiskPercent: must be from 0 to 99, was " + minFreeDiskPercent);
    }
    if (minAvailableMemoryMb < 0) {
      throw new IllegalArgumentException("minAvailableMemoryMb: must be 0 or more, was " + minAvailableMemoryMb);
    }
  }

  /** The defaults with any given value (null = keep the default) in their place. */
  public static Thresholds of(Long diskMb, Integer diskPercent, Long memoryMb) {
    return new Thresholds(diskMb == null ? DEFAULT_DISK_MB : diskMb,
        diskPercent == null ? DEFAULT_DISK_PERCENT : diskPercent, memoryMb == null ? DEFAULT_MEMORY_MB : memoryMb);
  }
}
