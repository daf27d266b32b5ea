package dev.sectools.fs;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Child process for {@link AtomicWriteCrashTest}: rewrites one file forever with self-checking
 * content (length, payload, SHA-256 of the payload) until it is killed.
 */
public final class CrashWriter {
  private CrashWriter() {}

  /** Builds generation {@code gen}'s content: its size varies so a torn write cannot pass. */
  static byte[] content(long gen) throws Exception {
    int size = 1024 + (int) (gen % 64) * 1024;
    byte[] payload = new byte[size];
    java.util.Arrays.fill(payload, (byte) gen);
    ByteBuffer buf = ByteBuffer.allocate(8 + size + 32);
    buf.putLong(gen).put(payload).put(MessageDigest.getInstance("SHA-256").digest(payload));
    return buf.array();
  }

  /** Whether {@code data} is one complete generation; returns that generation or -1. */
  static long check(byte[] data) throws Exception {
    if (data.length < 8 + 32) {
      return -1;
    }
    ByteBuffer buf = ByteBuffer.wrap(data);
    long gen = buf.getLong();
    byte[] payload = new byte[data.length - 40];
    buf.get(payload);
    byte[] digest = new byte[32];
    buf.get(digest);
    return MessageDigest.isEqual(digest, MessageDigest.getInstance("SHA-256").digest(payload)) ? gen : -1;
  }

  /** Arguments: directory, resolution mode, first generation. */
  public static void main(String[] args) throws Exception {
    try (ConfinedRoot root = ConfinedRoot.open(Path.of(args[0]),
        RootOptions.builder().resolution(Resolution.valueOf(args[1])).build())) {
      long gen = Long.parseLong(args[2]);
      root.write("f", content(gen++));
      System.out.println("ready");
      System.out.flush();
      while (true) {
        root.write("f", content(gen++));
      }
    }
  }
}
