package dev.deploypipeline.store;

/** The store could not read or write its files (I/O, corruption with no usable backup). */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
