package dev.sectools.cli.agent;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The agent's wire format: one request frame and one reply frame per connection (RUN: a short
 * conversation, below). A frame is a
 * 4-byte big-endian length, then a 1-byte kind, a 1-byte field count, and each field as a 4-byte
 * length and its bytes. No Java serialization, nothing to configure. Requests:
 *
 * <pre>
 * GET     store-dir, path, version ("0" for the current one)   → OK version, value | error
 * COMMAND cwd, environment, argument…                         → OK output | error
 * UNLOCK  store-dir, passphrase (UTF-8)                       → OK | error
 * STATUS                                                      → OK "key=value" lines
 * LOCK, STOP                                                  → OK
 * RUN     cwd, environment, store-dir, terminals, arguments    → READY | NOT_UNLOCKED | NOT_SERVED
 *   then  INPUT stdin-bytes                                   → (OUT bytes | ERR bytes)…, EXIT code
 * </pre>
 *
 * <p>RUN is how the full command line hands a {@code secrets} command to the agent
 * ({@code dev.sectools.cli.secrets.AgentRouting}): the client's working directory, the variables
 * that shape the command (NUL-separated {@code NAME=value}), the store it works on, whether its
 * standard output and error are terminals ({@code "11"}, {@code "01"}…), and its arguments
 * (NUL-separated). The agent answers READY only when it holds that store's key; the client then
 * sends what the command reads from standard input, and the agent runs the command, streaming its
 * output back. NOT_SERVED (a command the agent does not run) sends the client to run it itself.
 *
 * <p>COMMAND is what the native client ({@code sectools-get}) sends: the caller's working
 * directory, the variables that select a store (NUL-separated {@code NAME=value}) and its whole
 * command line; the agent answers a plain {@code secrets get} with the bytes to print, and
 * anything else with {@link #NOT_UNLOCKED}, which sends the client to the full command line.
 *
 * <p>A reply's kind is the exit code ({@code 0}-{@code 8}, the command line contract) with an
 * error message as its only field, or {@link #NOT_UNLOCKED} when the agent does not hold the
 * store (it is locked, or the store was never unlocked in it).
 *
 * <p>Loads nothing beyond {@code java.base}: the fast client uses it.
 */
public final class AgentProtocol {
  /** Request: a secret's value. */
  public static final byte GET = 'G';
  /** Request: a whole {@code secrets get} command line, from the native client. */
  public static final byte COMMAND = 'C';
  /** Request: open a store with a passphrase and keep it. */
  public static final byte UNLOCK = 'U';
  /** Request: the agent's state. */
  public static final byte STATUS = 'S';
  /** Request: close every store, keep running. */
  public static final byte LOCK = 'L';
  /** Request: close every store and exit. */
  public static final byte STOP = 'Q';
  /** Request: run a {@code secrets} command line with the key the agent holds. */
  public static final byte RUN = 'R';
  /** Request, second frame of RUN: the command's standard input. */
  public static final byte INPUT = 'I';
  /** Reply to RUN: a piece of the command's standard output. */
  public static final byte OUT = 'O';
  /** Reply to RUN: a piece of the command's standard error. */
  public static final byte ERR = 'E';
  /** Reply to RUN, last frame: the command's exit code. */
  public static final byte EXIT = 'X';
  /** Reply: success. */
  public static final byte OK = 0;
  /** Reply: the agent does not hold the store; unlock it or open it directly. */
  public static final byte NOT_UNLOCKED = 64;
  /** Reply to RUN: the agent holds the store; send the INPUT frame. */
  public static final byte READY = 65;
  /** Reply to RUN: the agent does not run this command; the client runs it itself. */
  public static final byte NOT_SERVED = 66;

  /** The largest frame either side accepts: a secret value plus a few short fields. */
  public static final int MAX_FRAME_BYTES = 64 * 1024 * 1024;
  private static final int MAX_FIELDS = 16;

  /** Variables a RUN passes to the command, besides {@code SECTOOLS_*}. */
  private static final List<String> RUN_VARIABLES = List.of("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME",
      "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR", "COLUMNS");
  /** {@code SECTOOLS_*} variables a RUN does not pass: the key the agent holds replaces them. */
  private static final List<String> RUN_WITHHELD = List.of("SECTOOLS_PASSPHRASE", "SECTOOLS_PASSPHRASE_FILE");

  private AgentProtocol() {}

  /**
   * Whether a RUN passes the variable {@code name} to the command: {@code SECTOOLS_*} but the
   * passphrase's, {@code HOME}, the XDG directories and {@code COLUMNS}. The client sends only
   * these, and the agent keeps only these.
   */
  public static boolean passedToRun(String name) {
    return (name.startsWith("SECTOOLS_") && !RUN_WITHHELD.contains(name)) || RUN_VARIABLES.contains(name);
  }

  /**
   * One frame: its kind and its fields. The fields may hold a secret value or a passphrase:
   * {@link #wipe()} it when done.
   */
  public static final class Frame {
    private final byte kind;
    private final List<byte[]> fields;

    /** A frame of {@code kind} with {@code fields} (kept, not copied). */
    public Frame(byte kind, List<byte[]> fields) {
      if (fields.size() > MAX_FIELDS) {
        throw new IllegalArgumentException("at most " + MAX_FIELDS + " fields, was " + fields.size());
      }
      this.kind = kind;
      this.fields = List.copyOf(fields);
    }

    /** A frame of {@code kind} with text fields. */
    public static Frame of(byte kind, String... texts) {
      List<byte[]> f = new ArrayList<>();
      for (String t : texts) {
        f.add(t.getBytes(StandardCharsets.UTF_8));
      }
      return new Frame(kind, f);
    }

    /** The request type or reply status. */
    public byte kind() {
      return kind;
    }

    /** The number of fields. */
    public int size() {
      return fields.size();
    }

    /** Field {@code i}, not copied (wiped by {@link #wipe()}). */
    public byte[] field(int i) {
      return fields.get(i);
    }

    /** Field {@code i} as UTF-8 text; never use this for a value or a passphrase. */
    public String text(int i) {
      return new String(fields.get(i), StandardCharsets.UTF_8);
    }

    /** Overwrites every field with zeros. */
    public void wipe() {
      fields.forEach(f -> Arrays.fill(f, (byte) 0));
    }

    @Override
    public String toString() {
      return "Frame[kind=" + kind + ", fields=" + fields.size() + "]";
    }
  }

  /** Writes {@code frame} to {@code channel}; the temporary buffer is wiped. */
  public static void write(WritableByteChannel channel, Frame frame) throws IOException {
    long length = 2;
    for (int i = 0; i < frame.size(); i++) {
      length += 4L + frame.field(i).length;
    }
    if (length > MAX_FRAME_BYTES) {
      throw new IOException("agent frame too large: " + length + " bytes");
    }
    ByteBuffer buf = ByteBuffer.allocate(4 + (int) length);
    buf.putInt((int) length).put(frame.kind()).put((byte) frame.size());
    for (int i = 0; i < frame.size(); i++) {
      buf.putInt(frame.field(i).length).put(frame.field(i));
    }
    buf.flip();
    try {
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
    } finally {
      Arrays.fill(buf.array(), (byte) 0);
    }
  }

  /**
   * Reads one frame.
   *
   * @throws EOFException if the channel ends before a whole frame (the agent refused or died)
   * @throws IOException if the frame is malformed or larger than {@link #MAX_FRAME_BYTES}
   */
  public static Frame read(ReadableByteChannel channel) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(4);
    fill(channel, head);
    int length = head.flip().getInt();
    if (length < 2 || length > MAX_FRAME_BYTES) {
      throw new IOException("malformed agent frame: length " + length);
    }
    ByteBuffer body = ByteBuffer.allocate(length);
    fill(channel, body);
    body.flip();
    try {
      return parse(body);
    } finally {
      Arrays.fill(body.array(), (byte) 0);
    }
  }

  private static Frame parse(ByteBuffer body) throws IOException {
    byte kind = body.get();
    int count = Byte.toUnsignedInt(body.get());
    if (count > MAX_FIELDS) {
      throw new IOException("malformed agent frame: " + count + " fields");
    }
    List<byte[]> fields = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      if (body.remaining() < 4) {
        throw new IOException("malformed agent frame: truncated field");
      }
      int n = body.getInt();
      if (n < 0 || n > body.remaining()) {
        throw new IOException("malformed agent frame: field length " + n);
      }
      byte[] f = new byte[n];
      body.get(f);
      fields.add(f);
    }
    if (body.hasRemaining()) {
      throw new IOException("malformed agent frame: trailing bytes");
    }
    return new Frame(kind, fields);
  }

  private static void fill(ReadableByteChannel channel, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      if (channel.read(buf) < 0) {
        throw new EOFException("the agent closed the connection");
      }
    }
  }
}
