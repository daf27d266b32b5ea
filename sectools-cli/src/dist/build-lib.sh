#!/usr/bin/env bash
# Builds the distribution's lib/ in LIB_DIR: the command line's jar and its runtime jars, and the
# JDK AOT cache trained on exactly those jars (sectools.aot), with a stamp of what the JVM checks
# before it maps the cache (sectools.aot.stamp), which bin/sectools compares before it uses it.
# Run by the build in the package phase, before the assembly copies LIB_DIR to the tarball's lib/.
#
# usage: build-lib.sh JAVA_HOME MTIME LIB_DIR CLI_JAR CLASSPATH_FILE
#   JAVA_HOME       the JVM that trains the cache (the build's own)
#   MTIME           the modification time of every jar in the tarball (project.build.outputTimestamp)
#   CLASSPATH_FILE  the runtime dependencies, as dependency:build-classpath writes them
#
# The JVM accepts an AOT cache only with the class path it was made with: the same jar names in
# the same order, each of the same size and modification time, in any directory. So the jars
# get the tarball's modification time before the training, and are listed in C-locale order, as
# bin/sectools lists them.
set -euo pipefail
java_home=$1 mtime=$2 lib=$3 cli_jar=$4 classpath_file=$5
case $mtime in *[!0-9]*) ;; *) mtime=@$mtime ;; esac # outputTimestamp may be seconds since 1970

deps=()
IFS=: read -r -a deps < "$classpath_file" || [ "${#deps[@]}" -gt 0 ]
rm -rf "$lib"
mkdir -p "$lib"
cp -- "$cli_jar" "${deps[@]}" "$lib/"
touch -d "$mtime" -- "$lib"/*.jar
list_jars() { local LC_ALL=C; jars=("$lib"/*.jar); }
list_jars
if [ "${#jars[@]}" != $((${#deps[@]} + 1)) ]; then
  echo "build-lib: two runtime jars have the same file name; lib/ would lose one" >&2
  exit 1
fi
printf -v cp '%s:' "${jars[@]}"

# A private HOME and temp directory, and no other environment: the training reads no settings of
# the user who builds (SECTOOLS_*, JAVA_TOOL_OPTIONS, ~/.config) and leaves nothing behind.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/home" "$work/tmp"
# The JVM options of src/dist/bin/sectools: the JVM refuses a cache made with other ones.
if ! env -i PATH=/usr/bin:/bin HOME="$work/home" \
    "$java_home/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -XX:AOTCacheOutput="$work/sectools.aot" -Xlog:aot=error -Xlog:cds=error -Djava.io.tmpdir="$work/tmp" \
    -cp "${cp%:}" dev.sectools.cli.internal.AotTraining > "$work/log" 2>&1; then
  echo "build-lib: the AOT cache's training failed:" >&2
  cat "$work/log" >&2
  exit 1
fi
mv -- "$work/sectools.aot" "$lib/sectools.aot"

# What the JVM checks before it maps the cache: the JVM build (its release file, the size of its
# modules image) and the class path (names in order, sizes, modification times). bin/sectools
# computes the same text for the JVM it found and uses the cache only if the two are equal.
mapfile -t release < "$java_home/release"
(
  printf '%s\n' "${release[@]}"
  stat -c 'lib/modules %s' -- "$java_home/lib/modules"
  cd "$lib" && stat -c '%n %s %Y' -- "${jars[@]##*/}"
) > "$lib/sectools.aot.stamp"
