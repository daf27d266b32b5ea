/**
 * Safe numbers: integer conversions and parsing that never overflow, wrap or round silently.
 *
 * <p>Java's casts fail quietly: {@code (int) 4294967312L} is 16, {@code (int) Double.NaN} is 0,
 * {@code (byte) 200} is -56, and {@code Long.parseLong} accepts Arabic-Indic digits. When such a
 * number is a length, an offset, an index or a count taken from a file, a network peer or a user,
 * the quiet failure becomes a short buffer, a wrong record or a bypassed limit. This package gives
 * each of those conversions a method that either returns the exact value or throws, naming the
 * value and the target type.
 *
 * <ul>
 *   <li>{@link dev.sectools.convert.Conversions}: {@code checked…} methods (throw) and {@code
 *       saturated…} methods (clamp) between {@code long}, {@code int}, {@code short}, {@code byte},
 *       {@code char}, their unsigned readings, {@code double}, {@code BigInteger} and {@code
 *       BigDecimal}; and {@code convert(Number, Class)}, exact between any two {@link
 *       java.lang.Number} types of the JDK's eight.
 *   <li>{@link dev.sectools.convert.BoundedParsing}: strict parsing of text, in any radix, into
 *       bounds the caller states.
 *   <li>{@link dev.sectools.convert.NumericConversionException}: the one exception for a value the
 *       target cannot hold, with the {@linkplain
 *       dev.sectools.convert.NumericConversionException.Reason reason}, the value and the type.
 * </ul>
 *
 * <p>Errors follow the project's rule of "whose fault": a value that does not fit is an unchecked
 * {@link java.lang.ArithmeticException} ({@code NumericConversionException}); malformed text is a
 * {@link java.lang.NumberFormatException}; a bad radix, bounds with {@code min > max} or an
 * unsupported class are {@link java.lang.IllegalArgumentException}s. Nothing here touches the
 * platform, so behaviour is identical on every operating system.
 */
package dev.sectools.convert;
