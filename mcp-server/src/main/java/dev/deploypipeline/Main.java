package dev.deploypipeline;

public final class Main {
  public static void main(String[] args) {
    System.err.println("skeleton");
  }
}
