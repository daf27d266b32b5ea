package dev.sectools.convert;

import dev.sectools.convert.NumericConversionException.Reason;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The engine behind the exact conversions of {@link Conversions}: from {@code double} and {@link
 * BigDecimal} to integral types, and {@link Conversions#convert} between the {@link Number} types.
 *
 * <p>Every source is reduced to one of three exact forms (a {@code long}, a {@code double}, or a
 * {@code BigDecimal}) and checked against the target without any rounding.
 */
final class ExactConversion {
  /** 10^19 exceeds {@code Long.MAX_VALUE}: more integer digits overflow every integral range. */
  private static final int MAX_LONG_DIGITS = 19;

  private static final String DOUBLE_RANGE = -Double.MAX_VALUE + ".." + Double.MAX_VALUE;
  private static final String FLOAT_RANGE = -Float.MAX_VALUE + ".." + Float.MAX_VALUE;
  private static final String SUPPORTED =
      "Byte, Short, Integer, Long, BigInteger, BigDecimal, Float or Double";

  private enum Kind {
    INTEGRAL,
    BIG_INTEGER,
    BIG_DECIMAL,
    FLOAT,
    DOUBLE
  }

  /** A target class; {@code range} and {@code box} are set for INTEGRAL targets only. */
  private record Target(Kind kind, String name, Range range, LongFunction<Number> box) {}

  private static final Map<Class<?>, Target> TARGETS = targets();

  private ExactConversion() {}

  /** See {@link Conversions#convert}; arguments are non-null. */
  static Number convert(Number value, Class<?> targetClass) {
    Target target = TARGETS.get(targetClass);
    if (target == null) {
      throw new IllegalArgumentException(
          "target must be "
              + SUPPORTED
              + " (or a primitive class of those), but was "
              + targetClass.getName());
    }
    return switch (value) {
      case Byte _, Short _, Integer _, Long _ -> fromLong(value.longValue(), target);
      case Float f -> fromDouble(f, f, target);
      case Double d -> fromDouble(d, d, target);
      case BigInteger b -> fromBigInteger(trusted(b), target);
      case BigDecimal d -> fromDecimal(trusted(d), target);
      default ->
          throw new IllegalArgumentException(
              "value must be a " + SUPPORTED + ", but was a " + value.getClass().getName());
    };
  }

  /**
   * Returns {@code value} as a long in {@code range}, or throws if it is NaN, infinite, fractional
   * or outside the range; {@code shown} is the value as the caller gave it, for the message.
   */
  static long toIntegral(double value, Range range, Object shown) {
    requireFinite(value, range.typeName(), shown);
    if (value != Math.rint(value)) {
      throw NumericConversionException.inexact(Reason.FRACTION, shown, range.typeName());
    }
    // -2^63 and 2^63 are exact doubles, and between them the cast to long is exact.
    if (value < -0x1p63 || value >= 0x1p63 || !range.contains((long) value)) {
      throw range.failure(value < 0, shown);
    }
    return (long) value;
  }

  /**
   * Returns {@code value} as a long in {@code range}, or throws if it has a fractional part or lies
   * outside the range; {@code shown} is the value as the caller gave it, for the message.
   */
  static long toIntegral(BigDecimal value, Range range, Object shown) {
    if (value.signum() == 0) {
      return 0; // 0E+999999999 is zero; expanding it would cost a billion digits
    }
    requireWhole(value, range.typeName(), shown);
    // Checked before expanding, so that 1E+999999999 fails fast instead of allocating.
    if ((long) value.precision() - value.scale() > MAX_LONG_DIGITS) {
      throw range.failure(value.signum() < 0, shown);
    }
    return range.check(value.toBigInteger(), shown);
  }

  /**
   * Returns {@code value} itself if it is a genuine {@code BigInteger}, else a genuine copy.
   * BigInteger is not final: a subclass could answer {@code bitLength()} and {@code longValue()}
   * inconsistently, or differently on each call, so that the value checked against a range is not
   * the value returned. The copy is read once, through {@code toByteArray()}, and from then on the
   * check and the result agree.
   */
  static BigInteger trusted(BigInteger value) {
    return value.getClass() == BigInteger.class ? value : new BigInteger(value.toByteArray());
  }

  /** Returns {@code value} itself if it is a genuine {@code BigDecimal}, else a genuine copy. */
  static BigDecimal trusted(BigDecimal value) {
    return value.getClass() == BigDecimal.class
        ? value
        : new BigDecimal(trusted(value.unscaledValue()), value.scale());
  }

  private static Number fromLong(long value, Target target) {
    if (target.kind() == Kind.INTEGRAL) {
      return target.box().apply(target.range().check(value));
    }
    return fromExact(BigDecimal.valueOf(value), value, target);
  }

  private static Number fromBigInteger(BigInteger value, Target target) {
    return switch (target.kind()) {
      case INTEGRAL -> target.box().apply(target.range().check(value));
      case BIG_INTEGER -> value;
      default -> fromExact(new BigDecimal(value), value, target);
    };
  }

  private static Number fromDecimal(BigDecimal value, Target target) {
    return fromExact(value, value, target);
  }

  private static Number fromDouble(double value, Number shown, Target target) {
    if (target.kind() == Kind.DOUBLE) {
      return value; // exact: widening a float loses nothing; NaN, infinities and -0.0 carry over
    }
    if (target.kind() == Kind.INTEGRAL) {
      return target.box().apply(toIntegral(value, target.range(), shown));
    }
    if (target.kind() == Kind.FLOAT && ((float) value == value || Double.isNaN(value))) {
      return (float) value;
    }
    requireFinite(value, target.name(), shown);
    return fromExact(new BigDecimal(value), shown, target);
  }

  private static Number fromExact(BigDecimal exact, Object shown, Target target) {
    return switch (target.kind()) {
      case INTEGRAL -> target.box().apply(toIntegral(exact, target.range(), shown));
      case BIG_INTEGER -> toBigInteger(exact, target.name(), shown);
      case BIG_DECIMAL -> exact;
      case FLOAT, DOUBLE -> toFloating(exact, target, shown);
    };
  }

  private static BigInteger toBigInteger(BigDecimal exact, String type, Object shown) {
    if (exact.signum() == 0) {
      return BigInteger.ZERO;
    }
    requireWhole(exact, type, shown);
    return exact.toBigInteger();
  }

  private static Number toFloating(BigDecimal exact, Target target, Object shown) {
    boolean single = target.kind() == Kind.FLOAT;
    double rounded = single ? exact.floatValue() : exact.doubleValue();
    if (Double.isInfinite(rounded)) {
      throw NumericConversionException.outOfRange(
          Reason.OVERFLOW, shown, target.name(), single ? FLOAT_RANGE : DOUBLE_RANGE);
    }
    if (new BigDecimal(rounded).compareTo(exact) != 0) {
      throw NumericConversionException.inexact(Reason.INEXACT, shown, target.name());
    }
    if (single) {
      return (float) rounded;
    }
    return rounded;
  }

  private static void requireFinite(double value, String type, Object shown) {
    if (Double.isNaN(value)) {
      throw NumericConversionException.inexact(Reason.NOT_A_NUMBER, shown, type);
    }
    if (Double.isInfinite(value)) {
      throw NumericConversionException.inexact(Reason.INFINITE, shown, type);
    }
  }

  /** Throws FRACTION unless the non-zero {@code value} is a whole number. */
  private static void requireWhole(BigDecimal value, String type, Object shown) {
    if (value.scale() > 0 && value.stripTrailingZeros().scale() > 0) {
      throw NumericConversionException.inexact(Reason.FRACTION, shown, type);
    }
  }

  private static Map<Class<?>, Target> targets() {
    Map<Class<?>, Target> targets = new HashMap<>();
    putIntegral(targets, Range.BYTE, v -> (byte) v, Byte.class, byte.class);
    putIntegral(targets, Range.SHORT, v -> (short) v, Short.class, short.class);
    putIntegral(targets, Range.INT, v -> (int) v, Integer.class, int.class);
    putIntegral(targets, Range.LONG, v -> v, Long.class, long.class);
    putOther(targets, Kind.BIG_INTEGER, BigInteger.class);
    putOther(targets, Kind.BIG_DECIMAL, BigDecimal.class);
    putOther(targets, Kind.FLOAT, Float.class, float.class);
    putOther(targets, Kind.DOUBLE, Double.class, double.class);
    return Map.copyOf(targets);
  }

  private static void putIntegral(
      Map<Class<?>, Target> targets, Range range, LongFunction<Number> box, Class<?>... classes) {
    for (Class<?> type : classes) {
      String name = type.getSimpleName();
      targets.put(type, new Target(Kind.INTEGRAL, name, range.named(name), box));
    }
  }

  private static void putOther(Map<Class<?>, Target> targets, Kind kind, Class<?>... classes) {
    for (Class<?> type : classes) {
      targets.put(type, new Target(kind, type.getSimpleName(), null, null));
    }
  }
}
