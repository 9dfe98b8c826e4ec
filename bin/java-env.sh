# Sourced by bin/* scripts: finds a JDK 21+ (Temurin 25 preferred) and exports JAVA_HOME.
cairn_java_version() { # prints the major version of $1/bin/java, or nothing
  "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'
}
cairn_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25* /usr/lib/jvm/temurin-2[1-9]* /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(cairn_java_version "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}
if ! JAVA_HOME=$(cairn_find_jdk); then
  echo "cairn: no JDK 21 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm/*)." >&2
  echo "cairn: install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
CAIRN_JVM_OPTS="-Dlogback.middleware.log.disable=true -Dsofa.middleware.log.internal.level=ERROR --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Dcom.google.protobuf.use_unsafe_pre22_gencode=true"
# Maven itself runs on this JDK: keep its own Unsafe warnings quiet.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
