# Sourced by the project's scripts: exports JAVA_HOME pointing at a JDK >= 25.
# Looks at $JAVA_HOME first, then every JDK under /usr/lib/jvm; stops with a clear message if none.

sectools_java_major() { # prints the feature version of the JDK at $1, or nothing
  local v
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
  printf '%s' "${v%%.*}"
}

sectools_find_jdk() {
  local required=25 candidate major
  for candidate in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/*; do
    [ -d "$candidate" ] || continue
    major=$(sectools_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge "$required" ] 2>/dev/null; then
      JAVA_HOME=$(cd "$candidate" && pwd -P)
      export JAVA_HOME
      PATH="$JAVA_HOME/bin:$PATH"
      export PATH
      return 0
    fi
  done
  {
    echo "sectools: no JDK $required or newer found."
    echo "  Looked at: ${JAVA_HOME:-\$JAVA_HOME (unset)} and /usr/lib/jvm/*"
    echo "  Install one (for example Temurin 25, or Debian's openjdk-25-jdk) and set JAVA_HOME to it."
  } >&2
  return 1
}

sectools_find_jdk
