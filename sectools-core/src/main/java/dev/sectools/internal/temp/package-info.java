/** Engines behind {@link dev.sectools.temp.SecureTemp}; not exported. */
package dev.sectools.internal.temp;
