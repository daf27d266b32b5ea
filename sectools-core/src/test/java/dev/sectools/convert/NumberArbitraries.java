package dev.sectools.convert;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators for the property tests. Uniform random values almost never land on a type boundary, so
 * each generator mixes uniform values with values within 2 of every boundary that matters here
 * (±2^7, 2^8, ±2^15, 2^16, ±2^31, 2^32, ±2^63, 2^64, and 0).
 */
final class NumberArbitraries {
  private static final List<BigInteger> EDGES =
      Stream.concat(
              Stream.of(BigInteger.ZERO),
              IntStream.of(7, 8, 15, 16, 31, 32, 63, 64)
                  .mapToObj(bits -> BigInteger.ONE.shiftLeft(bits))
                  .flatMap(edge -> Stream.of(edge, edge.negate())))
          .toList();

  private static final BigInteger TWO_TO_THE_80 = BigInteger.ONE.shiftLeft(80);

  private NumberArbitraries() {}

  /** Integers within 2 of a type boundary. */
  static Arbitrary<BigInteger> nearEdges() {
    return Arbitraries.of(EDGES)
        .flatMap(
            edge ->
                Arbitraries.integers().between(-2, 2).map(d -> edge.add(BigInteger.valueOf(d))));
  }

  /** Any long, small longs, and longs near a boundary. */
  static Arbitrary<Long> longs() {
    return Arbitraries.oneOf(
        List.of(
            Arbitraries.longs(),
            Arbitraries.longs().between(-100_000, 100_000),
            nearEdges().filter(v -> v.bitLength() < Long.SIZE).map(BigInteger::longValue)));
  }

  /** Integers of up to 80 bits, any long, and integers near a boundary (including 2^64 ± 2). */
  static Arbitrary<BigInteger> bigIntegers() {
    return Arbitraries.oneOf(
        List.of(
            Arbitraries.bigIntegers().between(TWO_TO_THE_80.negate(), TWO_TO_THE_80),
            longs().map(BigInteger::valueOf),
            nearEdges()));
  }

  /** Decimals of any scale in -25..25, and whole decimals written with trailing zeros (5.000). */
  static Arbitrary<BigDecimal> bigDecimals() {
    Arbitrary<BigDecimal> anyScale =
        Combinators.combine(bigIntegers(), Arbitraries.integers().between(-25, 25))
            .as((unscaled, scale) -> new BigDecimal(unscaled, scale));
    Arbitrary<BigDecimal> wholeWithZeros =
        Combinators.combine(bigIntegers(), Arbitraries.integers().between(0, 25))
            .as((whole, scale) -> new BigDecimal(whole).setScale(scale));
    return Arbitraries.oneOf(List.of(anyScale, wholeWithZeros));
  }

  /**
   * Every bit pattern (NaNs, subnormals, huge values), whole numbers and halves near the long
   * boundaries, and the special values.
   */
  static Arbitrary<Double> doubles() {
    return Arbitraries.oneOf(
        List.of(
            Arbitraries.longs().map(Double::longBitsToDouble),
            longs().map(v -> (double) v),
            Arbitraries.integers().map(v -> v + 0.5),
            Arbitraries.of(
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                -0.0,
                0x1p63,
                -0x1p63,
                Math.nextDown(0x1p63),
                Math.nextDown(-0x1p63),
                0x1p31,
                -0x1p31 - 1,
                Double.MIN_VALUE,
                Double.MAX_VALUE)));
  }
}
