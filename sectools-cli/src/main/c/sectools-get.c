/*
 * sectools-get: the native fast path of 'sectools secrets get' through a running agent.
 *
 * A JVM, however trimmed, spends 50-60 ms of CPU before main(); 'pass show' with gpg-agent
 * spends about 30. This client spends about one millisecond: it sends its whole command line,
 * working directory and the variables that choose a store to the agent (one COMMAND frame, see
 * AgentProtocol.java), which parses them exactly as the Java client does and answers with the
 * bytes to print. It never parses options, reads a config file or holds a passphrase itself.
 *
 * Exit status: the agent's (0 ok, 1-8 the command line contract), or 125 when only the full
 * command line can answer (no agent, the agent does not hold the store, another command, any
 * doubt at all); bin/sectools then runs the JVM. The agent's uid is checked with SO_PEERCRED,
 * and the value is wiped from memory once written.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define FALL_BACK 125
#define KIND_COMMAND 'C'
#define KIND_OK 0
#define MAX_FRAME (64u * 1024u * 1024u)
#define MAX_FIELDS 16

static const char *const VARIABLES[] = {"SECTOOLS_DB_URL", "SECTOOLS_STORE", "SECTOOLS_CONFIG",
                                        "XDG_CONFIG_HOME", "XDG_DATA_HOME", "HOME", NULL};

/* A growable byte buffer for the request. */
struct buf {
  unsigned char *p;
  size_t len, cap;
};

static int put(struct buf *b, const void *data, size_t n) {
  if (b->len + n > MAX_FRAME) return -1;
  if (b->len + n > b->cap) {
    size_t cap = (b->len + n) * 2;
    unsigned char *p = realloc(b->p, cap);
    if (!p) return -1;
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->len, data, n);
  b->len += n;
  return 0;
}

static int put_u32(struct buf *b, uint32_t v) {
  unsigned char be[4] = {v >> 24, v >> 16, v >> 8, v};
  return put(b, be, 4);
}

static int put_field(struct buf *b, const void *data, size_t n) {
  return n > MAX_FRAME || put_u32(b, (uint32_t)n) || put(b, data, n);
}

static uint32_t get_u32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int write_all(int fd, const unsigned char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

static int read_all(int fd, unsigned char *p, size_t n) {
  while (n > 0) {
    ssize_t r = read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return -1;
    p += r;
    n -= (size_t)r;
  }
  return 0;
}

/* Only a plain 'secrets get' (after -q/--quiet) is worth a round trip. */
static int is_get(int argc, char **argv) {
  int i = 1;
  while (i < argc && (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet"))) i++;
  return i + 1 < argc && !strcmp(argv[i], "secrets") && !strcmp(argv[i + 1], "get");
}

/* The socket AgentLocation.java chooses: $SECTOOLS_AGENT_SOCK, $XDG_RUNTIME_DIR/sectools, /tmp. */
static int socket_path(char *out, size_t n) {
  const char *explicit = getenv("SECTOOLS_AGENT_SOCK");
  const char *runtime = getenv("XDG_RUNTIME_DIR");
  int len;
  if (explicit && *explicit) {
    len = snprintf(out, n, "%s", explicit);
  } else if (runtime && *runtime) {
    len = snprintf(out, n, "%s/sectools/agent.sock", runtime);
  } else {
    struct passwd *pw = getpwuid(getuid());
    char user[64];
    size_t i;
    if (!pw) return -1;
    for (i = 0; pw->pw_name[i] && i < sizeof user - 1; i++) {
      char c = pw->pw_name[i];
      int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
               c == '_' || c == '-';
      user[i] = ok ? c : '_';
    }
    user[i] = '\0';
    len = snprintf(out, n, "/tmp/sectools-agent-%s/agent.sock", user);
  }
  return len > 0 && (size_t)len < n && out[0] == '/' ? 0 : -1;
}

static int connect_agent(void) {
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  struct ucred peer;
  socklen_t peer_len = sizeof peer;
  int fd;
  if (socket_path(addr.sun_path, sizeof addr.sun_path)) return -1;
  fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) ||
      getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &peer_len) || peer.uid != getuid()) {
    close(fd); /* not our agent: never send it anything */
    return -1;
  }
  return fd;
}

/* COMMAND frame: cwd, NUL-separated variables, then every argument. */
static int request(struct buf *b, int argc, char **argv) {
  struct buf env = {0};
  char *cwd = getcwd(NULL, 0);
  int fields = 2 + (argc - 1), failed;
  if (!cwd || fields > MAX_FIELDS) {
    free(cwd);
    return -1;
  }
  failed = 0;
  for (const char *const *v = VARIABLES; *v; v++) {
    const char *value = getenv(*v);
    if (value) {
      failed |= put(&env, *v, strlen(*v)) || put(&env, "=", 1) || put(&env, value, strlen(value) + 1);
    }
  }
  failed |= put_u32(b, 0) || put(b, &(unsigned char){KIND_COMMAND}, 1) ||
            put(b, &(unsigned char){(unsigned char)fields}, 1) || put_field(b, cwd, strlen(cwd)) ||
            put_field(b, env.p ? env.p : (unsigned char *)"", env.len);
  for (int i = 1; i < argc && !failed; i++) failed |= put_field(b, argv[i], strlen(argv[i]));
  free(cwd);
  free(env.p);
  if (failed) return -1;
  uint32_t length = (uint32_t)(b->len - 4);
  unsigned char be[4] = {length >> 24, length >> 16, length >> 8, length};
  memcpy(b->p, be, 4);
  return 0;
}

int main(int argc, char **argv) {
  struct buf req = {0};
  unsigned char head[4], *body;
  uint32_t length, n;
  int fd, kind, status;

  if (!is_get(argc, argv) || request(&req, argc, argv)) return FALL_BACK;
  fd = connect_agent();
  if (fd < 0) return FALL_BACK;
  if (write_all(fd, req.p, req.len) || read_all(fd, head, 4)) return FALL_BACK;
  free(req.p);
  length = get_u32(head);
  if (length < 2 || length > MAX_FRAME || !(body = malloc(length))) return FALL_BACK;
  status = FALL_BACK;
  /* Every reply this client can use has exactly one field that fills the frame. */
  if (!read_all(fd, body, length) && body[1] == 1 && length >= 6 && (n = get_u32(body + 2)) == length - 6) {
    kind = body[0];
    if (kind == KIND_OK) {
      status = write_all(STDOUT_FILENO, body + 6, n) ? 1 : 0;
      if (status) fprintf(stderr, "sectools: could not write the value to standard output\n");
    } else if (kind >= 1 && kind <= 8) {
      fprintf(stderr, "sectools: %.*s\n", (int)n, (const char *)(body + 6));
      status = kind;
    }
  }
  close(fd);
  explicit_bzero(body, length);
  free(body);
  return status;
}
