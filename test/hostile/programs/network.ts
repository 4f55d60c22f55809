/**
 * Network: every run has its own network namespace with only a loopback of its own, so nothing
 * on the host (Redis, MongoDB, the API, a bait port on every address, the host's abstract and
 * path unix sockets, DNS) answers. A connection counts as an escape only if it succeeds; the
 * bait sockets also count connections on the host side.
 */
import type { HostileProgram } from '../support/hostile-program.js';

export const NETWORK_PROGRAMS: HostileProgram[] = [
  {
    name: 'c: TCP to Redis, MongoDB, the API and a bait port (loopback and host address), UDP DNS',
    language: 'c',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
static int escaped;
static void try_tcp(const char *ip, int port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_port = htons((unsigned short)port);
  inet_pton(AF_INET, ip, &a.sin_addr);
  fcntl(s, F_SETFL, O_NONBLOCK);
  int rc = connect(s, (struct sockaddr *)&a, sizeof a);
  if (rc != 0 && errno == EINPROGRESS) {
    struct pollfd p = {s, POLLOUT, 0};
    int err = 0;
    socklen_t len = sizeof err;
    if (poll(&p, 1, 300) == 1 && getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0) rc = 0;
  }
  if (rc == 0) { printf("ESCAPED: connected to %s:%d\n", ip, port); escaped = 1; }
  else fprintf(stderr, "%s:%d: %s\n", ip, port, strerror(errno));
  close(s);
}
static void try_dns(const char *server) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_port = htons(53);
  inet_pton(AF_INET, server, &a.sin_addr);
  /* A query for example.com A. */
  unsigned char q[] = {0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1};
  if (sendto(s, q, sizeof q, 0, (struct sockaddr *)&a, sizeof a) < 0) { fprintf(stderr, "dns %s: %s\n", server, strerror(errno)); close(s); return; }
  struct pollfd p = {s, POLLIN, 0};
  if (poll(&p, 1, 300) == 1) { printf("ESCAPED: DNS answer from %s\n", server); escaped = 1; }
  close(s);
}
int main(void) {
  const int ports[] = {@@REDIS_PORT@@, @@MONGO_PORT@@, @@API_PORT@@, @@BAIT_PORT@@, 6379, 27017, 3000, 22, 80, 443};
  for (size_t i = 0; i < sizeof ports / sizeof ports[0]; i++) {
    try_tcp("127.0.0.1", ports[i]);
    try_tcp("@@HOST_IP@@", ports[i]);
  }
  try_tcp("169.254.169.254", 80);
  try_tcp("1.1.1.1", 443);
  try_dns("@@NAMESERVER@@");
  try_dns("8.8.8.8");
  struct addrinfo *res;
  if (getaddrinfo("example.com", "80", 0, &res) == 0) { puts("ESCAPED: resolved example.com"); escaped = 1; }
  if (!escaped) puts("OK");
  return 0;
}
`,
  },
  {
    name: 'c: raw, packet and ICMP sockets; only a loopback interface',
    language: 'c',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
#include <errno.h>
#include <linux/if_ether.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
static int escaped;
static void must_fail(int domain, int type, int proto, const char *what) {
  int s = socket(domain, type, proto);
  if (s >= 0) { printf("ESCAPED: %s socket\n", what); escaped = 1; close(s); }
  else fprintf(stderr, "%s: %s\n", what, strerror(errno));
}
int main(void) {
  must_fail(AF_INET, SOCK_RAW, IPPROTO_ICMP, "raw ICMP");
  must_fail(AF_INET, SOCK_RAW, IPPROTO_TCP, "raw TCP");
  must_fail(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6, "raw ICMPv6");
  must_fail(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL), "packet");
  must_fail(AF_INET, SOCK_DGRAM, IPPROTO_ICMP, "ICMP ping");
  struct if_nameindex *ifs = if_nameindex();
  for (struct if_nameindex *i = ifs; i && i->if_index; i++)
    if (strcmp(i->if_name, "lo")) { printf("ESCAPED: interface %s\n", i->if_name); escaped = 1; }
  if (!escaped) puts("OK");
  return 0;
}
`,
  },
  {
    name: "c: the host's abstract and path unix sockets, D-Bus, Docker, systemd",
    language: 'c',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
static int escaped;
static void try_unix(const char *name, int abstract) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un a = {0};
  a.sun_family = AF_UNIX;
  size_t len = strlen(name);
  memcpy(a.sun_path + (abstract ? 1 : 0), name, len);
  socklen_t size = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + (abstract ? 1 : 0));
  if (connect(s, (struct sockaddr *)&a, size) == 0) {
    char buf[128] = {0};
    read(s, buf, sizeof buf - 1);
    printf("ESCAPED: connected to %s%s: %s\n", abstract ? "@" : "", name, buf);
    escaped = 1;
  } else {
    fprintf(stderr, "%s%s: %s\n", abstract ? "@" : "", name, strerror(errno));
  }
  close(s);
}
int main(void) {
  try_unix("@@ABSTRACT_SOCKET@@", 1);
  try_unix("@@UNIX_SOCKET@@", 0);
  try_unix("/tmp/.X11-unix/X0", 1);
  try_unix("/run/dbus/system_bus_socket", 0);
  try_unix("/var/run/docker.sock", 0);
  try_unix("/run/systemd/private", 0);
  try_unix("/run/containerd/containerd.sock", 0);
  if (!escaped) puts("OK");
  return 0;
}
`,
  },
  {
    name: 'python: TCP to Redis, MongoDB, API, bait; UDP; DNS lookups',
    language: 'python3',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
import socket, sys
escaped = False
for host in ("127.0.0.1", "@@HOST_IP@@", "localhost"):
    for port in (@@REDIS_PORT@@, @@MONGO_PORT@@, @@API_PORT@@, @@BAIT_PORT@@):
        try:
            s = socket.create_connection((host, port), timeout=0.3)
            print("ESCAPED: connected to %s:%d" % (host, port))
            escaped = True
            s.close()
        except OSError as e:
            print(host, port, e, file=sys.stderr)
try:
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.settimeout(0.3)
    u.sendto(b"PING\r\n", ("@@HOST_IP@@", @@REDIS_PORT@@))
    u.recvfrom(100)
    print("ESCAPED: UDP answer")
    escaped = True
except OSError as e:
    print("udp", e, file=sys.stderr)
for name in ("example.com", "redis", "mongo", "host.docker.internal"):
    try:
        socket.getaddrinfo(name, 80)
        print("ESCAPED: resolved", name)
        escaped = True
    except OSError as e:
        print(name, e, file=sys.stderr)
try:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect("\0@@ABSTRACT_SOCKET@@")
    print("ESCAPED: abstract socket", s.recv(100))
    escaped = True
except OSError as e:
    print("abstract", e, file=sys.stderr)
if not escaped:
    print("OK")
`,
  },
  {
    name: 'javascript: net.connect to Redis, MongoDB, API, bait; dns.lookup; abstract socket',
    language: 'javascript',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
const net = require("net");
const dns = require("dns");
let escaped = false;
const attempts = [];
for (const host of ["127.0.0.1", "@@HOST_IP@@"]) {
  for (const port of [@@REDIS_PORT@@, @@MONGO_PORT@@, @@API_PORT@@, @@BAIT_PORT@@]) {
    attempts.push(new Promise((resolve) => {
      const s = net.connect({ host, port, timeout: 300 });
      s.on("connect", () => { console.log("ESCAPED: connected to " + host + ":" + port); escaped = true; s.destroy(); resolve(); });
      s.on("error", (e) => { console.error(host, port, e.code); resolve(); });
      s.on("timeout", () => { s.destroy(); resolve(); });
    }));
  }
}
attempts.push(new Promise((resolve) => {
  const s = net.connect({ path: "\0@@ABSTRACT_SOCKET@@" });
  s.on("connect", () => { console.log("ESCAPED: abstract socket"); escaped = true; s.destroy(); resolve(); });
  s.on("error", (e) => { console.error("abstract", e.code); resolve(); });
}));
attempts.push(new Promise((resolve) => {
  dns.lookup("example.com", (err, address) => { if (!err) { console.log("ESCAPED: resolved " + address); escaped = true; } resolve(); });
}));
Promise.all(attempts).then(() => { if (!escaped) console.log("OK"); });
`,
  },
  {
    name: 'java: Socket to Redis, MongoDB, API, bait; InetAddress lookup',
    language: 'java17',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
import java.net.*;
public class Main {
  public static void main(String[] args) {
    boolean escaped = false;
    String[] hosts = {"127.0.0.1", "@@HOST_IP@@"};
    int[] ports = {@@REDIS_PORT@@, @@MONGO_PORT@@, @@API_PORT@@, @@BAIT_PORT@@};
    for (String h : hosts) for (int p : ports) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(h, p), 300);
        System.out.println("ESCAPED: connected to " + h + ":" + p);
        escaped = true;
      } catch (Exception e) {
        System.err.println(h + ":" + p + " " + e);
      }
    }
    try {
      InetAddress a = InetAddress.getByName("example.com");
      System.out.println("ESCAPED: resolved " + a);
      escaped = true;
    } catch (Exception e) {
      System.err.println("dns " + e);
    }
    if (!escaped) System.out.println("OK");
  }
}
`,
  },
  {
    name: 'go: net.Dial TCP and UDP, LookupHost, abstract unix socket',
    language: 'go',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
package main

import (
	"fmt"
	"net"
	"os"
	"time"
)

func main() {
	escaped := false
	for _, host := range []string{"127.0.0.1", "@@HOST_IP@@"} {
		for _, port := range []int{@@REDIS_PORT@@, @@MONGO_PORT@@, @@API_PORT@@, @@BAIT_PORT@@} {
			addr := fmt.Sprintf("%s:%d", host, port)
			c, err := net.DialTimeout("tcp", addr, 300*time.Millisecond)
			if err == nil {
				fmt.Println("ESCAPED: connected to", addr)
				escaped = true
				c.Close()
			} else {
				fmt.Fprintln(os.Stderr, err)
			}
		}
	}
	if c, err := net.Dial("udp", "@@NAMESERVER@@:53"); err == nil {
		c.SetDeadline(time.Now().Add(300 * time.Millisecond))
		c.Write([]byte{0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1})
		buf := make([]byte, 512)
		if _, err := c.Read(buf); err == nil {
			fmt.Println("ESCAPED: DNS answer")
			escaped = true
		}
		c.Close()
	}
	if addrs, err := net.LookupHost("example.com"); err == nil {
		fmt.Println("ESCAPED: resolved", addrs)
		escaped = true
	}
	if c, err := net.Dial("unix", "@@@ABSTRACT_SOCKET@@"); err == nil {
		fmt.Println("ESCAPED: abstract socket")
		escaped = true
		c.Close()
	}
	if !escaped {
		fmt.Println("OK")
	}
}
`,
  },
];
