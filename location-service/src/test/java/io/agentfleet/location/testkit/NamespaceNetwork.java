package io.agentfleet.location.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Assumptions;

/**
 * Hosts of one test, each in a Linux network namespace of its own, on a network whose links can be
 * cut and healed: a real partition for member JVMs. Needs root and iproute2; tests call
 * {@link #assumeSupported()} first, so where namespaces cannot be made they are skipped with the
 * reason.
 *
 * <p>A hub namespace holds a bridge, the hosts' switch. Each host has two links:
 *
 * <ul>
 *   <li>{@code net0}, the cluster link: a veth whose far end is a port of the bridge, with the
 *       host's address {@code 10.213.0.<i+1>/24}. This subnet exists only inside the namespaces.
 *       {@link #cut} takes the bridge's end down, as if the host's cable were pulled at the switch.
 *   <li>{@code ctl0}, the control link: a veth to the test's own namespace, a {@code /30} of a
 *       {@code 10.213.N.0/24} that nothing on the machine routes. The test reaches a member's HTTP
 *       API through it, so it still sees both sides of a partition. Hosts have no route beyond their
 *       two subnets, so nothing they send leaves the namespaces this fixture made.
 * </ul>
 *
 * <p>Namespaces are named {@code afnet-<pid of the test JVM>-<run>-…}; {@link #create} first removes
 * those whose JVM is gone (a crashed run), with the processes still in them. {@link #close()} (also
 * run by a shutdown hook) kills every process in the namespaces and deletes links and namespaces.
 */
public final class NamespaceNetwork implements AutoCloseable {
  private static final String NAMESPACE_PREFIX = "afnet-";
  /** Test-namespace ends of control links are {@code afn<N>c<i>}: unique per subnet, at most 15 chars. */
  private static final String CONTROL_LINK_PREFIX = "afn";
  private static final String BRIDGE = "br0";
  private static final String CLUSTER_LINK = "net0";
  private static final String CONTROL_LINK = "ctl0";
  private static final int CLUSTER_NETWORK = address(10, 213, 0, 0);
  private static final int MAX_HOSTS = 60;
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration PROCESSES_GONE = Duration.ofSeconds(15);
  private static final long PID = ProcessHandle.current().pid();
  private static final AtomicInteger RUNS = new AtomicInteger();
  private static Support support;

  /** Whether namespaces can be made here, and why not. */
  public record Support(boolean available, String reason) {}

  /**
   * A host: its namespace, the address members on it bind and are reached at by other members
   * ({@code --hostname}), and the address the test reaches them at ({@code --http-host}).
   */
  public record Host(int index, String namespace, String address, String controlAddress) {
    /** Where an HTTP server on this host's control address answers. */
    public URI httpBase(int port) {
      return URI.create("http://" + controlAddress + ":" + port);
    }

    /** {@code address:port}, e.g. for {@code --seeds}. */
    public String endpoint(int port) {
      return address + ":" + port;
    }
  }

  private final String name;
  private final String hub;
  private final List<Host> hosts = new ArrayList<>();
  private final List<String> namespaces = new CopyOnWriteArrayList<>();
  private final List<String> controlLinks = new CopyOnWriteArrayList<>();
  private final List<MemberProcess> members = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread teardownOnExit;

  private NamespaceNetwork(String name) {
    this.name = name;
    this.hub = name + "-hub";
    this.teardownOnExit = new Thread(this::close, name + "-teardown");
    Runtime.getRuntime().addShutdownHook(teardownOnExit);
  }

  /** Skips the calling test, with the reason, where network namespaces cannot be made. */
  public static void assumeSupported() {
    Support s = support();
    Assumptions.assumeTrue(s.available(), s.reason());
  }

  public static boolean isSupported() {
    return support().available();
  }

  /** Tries once per JVM to make and delete a namespace, and checks that the cluster subnet is unused. */
  public static synchronized Support support() {
    if (support == null) {
      support = probe();
    }
    return support;
  }

  /** Creates {@code count} connected hosts; removes what crashed earlier runs left behind first. */
  public static NamespaceNetwork create(int count) {
    if (count < 1 || count > MAX_HOSTS) {
      throw new IllegalArgumentException("between 1 and " + MAX_HOSTS + " hosts, not " + count);
    }
    Support s = support();
    if (!s.available()) {
      throw new IllegalStateException(s.reason());
    }
    removeLeftovers();
    NamespaceNetwork network = new NamespaceNetwork(NAMESPACE_PREFIX + PID + "-" + RUNS.getAndIncrement());
    try {
      network.build(count);
      return network;
    } catch (RuntimeException | Error e) {
      try {
        network.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  private void build(int count) {
    addNamespace(hub);
    ip("-n", hub, "link", "add", BRIDGE, "type", "bridge");
    ip("-n", hub, "link", "set", BRIDGE, "up");
    for (int i = 0; i < count; i++) {
      addNamespace(hostNamespace(i));
    }
    int subnet = claimControlSubnet(hostNamespace(0));
    for (int i = 0; i < count; i++) {
      hosts.add(connect(i, subnet));
    }
  }

  /** Gives host {@code i} loopback, its cluster link to the bridge and its control link. */
  private Host connect(int i, int subnet) {
    String namespace = hostNamespace(i);
    ip("-n", namespace, "link", "set", "lo", "up");

    ip("-n", hub, "link", "add", bridgePort(i), "type", "veth", "peer", "name", CLUSTER_LINK, "netns", namespace);
    ip("-n", hub, "link", "set", bridgePort(i), "master", BRIDGE, "up");
    String address = dotted(CLUSTER_NETWORK + i + 1);
    ip("-n", namespace, "addr", "add", address + "/24", "dev", CLUSTER_LINK);
    ip("-n", namespace, "link", "set", CLUSTER_LINK, "up");

    String link = controlLink(subnet, i);
    if (i > 0) { // the first one was made when the subnet was claimed
      ip("link", "add", link, "type", "veth", "peer", "name", CONTROL_LINK, "netns", namespace);
      controlLinks.add(link);
    }
    int base = address(10, 213, subnet, 4 * i);
    ip("addr", "add", dotted(base + 1) + "/30", "dev", link);
    ip("link", "set", link, "up");
    String controlAddress = dotted(base + 2);
    ip("-n", namespace, "addr", "add", controlAddress + "/30", "dev", CONTROL_LINK);
    ip("-n", namespace, "link", "set", CONTROL_LINK, "up");
    return new Host(i, namespace, address, controlAddress);
  }

  private String hostNamespace(int i) {
    return name + "-h" + i;
  }

  private void addNamespace(String namespace) {
    ip("netns", "add", namespace);
    namespaces.add(namespace);
  }

  /**
   * Picks a control subnet 10.213.N.0/24 that nothing on the machine routes. Creating the first
   * control link, whose name carries N, is what claims it: a run in another JVM that picked the
   * same N at the same moment gets "File exists" and moves on.
   */
  private int claimControlSubnet(String firstHost) {
    Set<String> links = rootLinks();
    List<long[]> networks = rootNetworks();
    for (int subnet = 1; subnet < 255; subnet++) {
      String link = controlLink(subnet, 0);
      if (links.contains(link) || overlaps(networks, address(10, 213, subnet, 0), 24)) {
        continue;
      }
      Result added = run("link", "add", link, "type", "veth", "peer", "name", CONTROL_LINK, "netns", firstHost);
      if (added.ok()) {
        controlLinks.add(link);
        return subnet;
      }
      if (!added.err().contains("File exists")) {
        throw new IllegalStateException("ip link add " + link + " failed: " + added.err().trim());
      }
    }
    throw new IllegalStateException("no free 10.213.N.0/24 left for control links");
  }

  public List<Host> hosts() {
    return Collections.unmodifiableList(hosts);
  }

  public Host host(int index) {
    return hosts.get(index);
  }

  /**
   * Starts {@code java … -jar jar args…} inside {@code host}'s namespace; its HTTP API must listen
   * on {@code host.controlAddress()} at {@code httpPort} (e.g. {@code --http-host}). The caller
   * passes every argument, the member's addresses included. It is killed at {@link #close()} at the
   * latest.
   */
  public MemberProcess start(Host host, String memberName, Path jar, int httpPort, List<String> jvmOptions, List<String> args) {
    if (closed.get()) {
      throw new IllegalStateException(name + " is closed");
    }
    MemberProcess member =
        MemberProcess.start(
            memberName, List.of("ip", "netns", "exec", host.namespace()), jar, host.httpBase(httpPort), jvmOptions, args);
    members.add(member);
    return member;
  }

  /** Cuts {@code host} off: its cable is pulled at the switch ({@code ip link set … down}). */
  public void cut(Host host) {
    ip("-n", hub, "link", "set", bridgePort(host.index()), "down");
  }

  /** Plugs {@code host}'s cable back in. */
  public void heal(Host host) {
    ip("-n", hub, "link", "set", bridgePort(host.index()), "up");
  }

  /** What of this network is still there: namespaces, control links, live processes; empty after {@link #close()}. */
  public List<String> residue() {
    List<String> left = new ArrayList<>();
    Set<String> existing = new HashSet<>(listNamespaces());
    for (String namespace : namespaces) {
      if (existing.contains(namespace)) {
        left.add("namespace " + namespace + " (processes " + pidsIn(namespace) + ")");
      }
    }
    Set<String> links = rootLinks();
    controlLinks.stream().filter(links::contains).forEach(link -> left.add("link " + link));
    members.stream().filter(MemberProcess::isAlive).forEach(m -> left.add("process " + m.pid()));
    return left;
  }

  /** Kills every process in the namespaces, deletes links and namespaces; fails if anything is left. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (Thread.currentThread() != teardownOnExit) {
      try {
        Runtime.getRuntime().removeShutdownHook(teardownOnExit);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway and finds the network closed
      }
    }
    members.forEach(MemberProcess::close);
    List<String> reversed = new ArrayList<>(namespaces);
    Collections.reverse(reversed);
    reversed.forEach(NamespaceNetwork::killProcessesIn);
    for (String link : controlLinks) {
      run("link", "del", link);
    }
    reversed.forEach(NamespaceNetwork::deleteNamespace);
    List<String> left = residue();
    if (!left.isEmpty()) {
      throw new IllegalStateException(name + " left behind: " + left);
    }
  }

  @Override
  public String toString() {
    return name + hosts;
  }

  // ---- leftovers of earlier runs

  /** Removes namespaces of this fixture whose test JVM is no longer alive, with what runs in them. */
  private static synchronized void removeLeftovers() {
    for (String namespace : listNamespaces()) {
      Optional<Long> owner = ownerPid(namespace);
      if (owner.isPresent() && owner.get() != PID && ProcessHandle.of(owner.get()).map(p -> !p.isAlive()).orElse(true)) {
        killProcessesIn(namespace);
        deleteNamespace(namespace);
      }
    }
  }

  private static Optional<Long> ownerPid(String namespace) {
    if (!namespace.startsWith(NAMESPACE_PREFIX)) {
      return Optional.empty();
    }
    String rest = namespace.substring(NAMESPACE_PREFIX.length());
    int dash = rest.indexOf('-');
    try {
      return Optional.of(Long.parseLong(dash < 0 ? rest : rest.substring(0, dash)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * SIGKILLs every process in {@code namespace} and waits until they are gone. This reaches what
   * {@link MemberProcess#close()} cannot: processes a member started that left its process tree.
   */
  private static void killProcessesIn(String namespace) {
    long deadline = System.nanoTime() + PROCESSES_GONE.toNanos();
    List<Long> pids = pidsIn(namespace);
    while (!pids.isEmpty()) {
      pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
      if (System.nanoTime() > deadline) {
        return; // residue() reports them
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      pids = pidsIn(namespace);
    }
  }

  /**
   * Deletes the namespace's veths first: deleting one end removes its peer at once, whereas a
   * deleted namespace's links go away only when the kernel gets round to it.
   */
  private static void deleteNamespace(String namespace) {
    Result links = run("-n", namespace, "-o", "link", "show", "type", "veth");
    if (links.ok()) {
      for (String line : links.lines()) {
        linkName(line).ifPresent(link -> run("-n", namespace, "link", "del", link));
      }
    }
    run("netns", "del", namespace);
  }

  private static List<Long> pidsIn(String namespace) {
    Result pids = run("netns", "pids", namespace);
    if (!pids.ok()) {
      return List.of();
    }
    return pids.lines().stream().map(String::trim).filter(s -> !s.isEmpty()).map(Long::parseLong).toList();
  }

  private static List<String> listNamespaces() {
    // "afnet-12-0-h1 (id: 3)" or just the name
    return ip("netns", "list").lines().stream()
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(s -> s.split("\\s+")[0])
        .toList();
  }

  // ---- what the test's own namespace has

  private static Set<String> rootLinks() {
    Set<String> names = new HashSet<>();
    for (String line : ip("-o", "link", "show").lines()) {
      linkName(line).ifPresent(names::add);
    }
    return names;
  }

  /** "5: afn1c0@if3: <BROADCAST,…" → afn1c0 */
  private static Optional<String> linkName(String line) {
    String[] fields = line.trim().split("\\s+");
    if (fields.length < 2) {
      return Optional.empty();
    }
    String link = fields[1];
    int end = link.indexOf('@');
    link = end >= 0 ? link.substring(0, end) : link;
    return Optional.of(link.endsWith(":") ? link.substring(0, link.length() - 1) : link);
  }

  /** Every network the test's namespace routes to or has an address in, as {address, prefix length}. */
  private static List<long[]> rootNetworks() {
    List<long[]> networks = new ArrayList<>();
    Set<String> routeTypes =
        Set.of("unicast", "local", "broadcast", "multicast", "blackhole", "unreachable", "prohibit", "throw", "nat", "anycast");
    for (String line : ip("-4", "-o", "route", "show", "table", "all").lines()) {
      List<String> fields = Arrays.stream(line.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
      int at = !fields.isEmpty() && routeTypes.contains(fields.get(0)) ? 1 : 0;
      if (fields.size() > at && !fields.get(at).equals("default")) {
        // Catch-all routes such as a VPN's 0.0.0.0/1 are defaults too: more specific routes win.
        parseNetwork(fields.get(at)).filter(network -> network[1] >= 8).ifPresent(networks::add);
      }
    }
    for (String line : ip("-4", "-o", "addr", "show").lines()) {
      List<String> fields = Arrays.asList(line.trim().split("\\s+"));
      int inet = fields.indexOf("inet");
      if (inet >= 0 && inet + 1 < fields.size()) {
        parseNetwork(fields.get(inet + 1)).ifPresent(networks::add);
      }
    }
    return networks;
  }

  private static Optional<long[]> parseNetwork(String cidr) {
    String[] parts = cidr.split("/");
    String[] octets = parts[0].split("\\.");
    if (octets.length != 4) {
      return Optional.empty();
    }
    try {
      int a = address(
          Integer.parseInt(octets[0]), Integer.parseInt(octets[1]), Integer.parseInt(octets[2]), Integer.parseInt(octets[3]));
      int length = parts.length > 1 ? Integer.parseInt(parts[1]) : 32;
      return Optional.of(new long[] {a & 0xFFFFFFFFL, length});
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean overlaps(List<long[]> networks, int network, int length) {
    for (long[] other : networks) {
      int common = (int) Math.min(length, other[1]);
      long mask = common == 0 ? 0 : (0xFFFFFFFFL << (32 - common)) & 0xFFFFFFFFL;
      if (((network & 0xFFFFFFFFL) & mask) == (other[0] & mask)) {
        return true;
      }
    }
    return false;
  }

  private static Support probe() {
    try {
      run("-V");
    } catch (UncheckedIOException e) {
      return new Support(false, "network namespaces need iproute2's `ip`, which is not installed: " + e.getMessage());
    }
    String probe = NAMESPACE_PREFIX + PID + "-probe";
    Result added = run("netns", "add", probe);
    if (!added.ok()) {
      return new Support(false, "cannot create a network namespace (needs root): " + added.err().trim());
    }
    Result deleted = run("netns", "del", probe);
    if (!deleted.ok()) {
      return new Support(false, "cannot delete a network namespace: " + deleted.err().trim());
    }
    if (overlaps(rootNetworks(), CLUSTER_NETWORK, 24)) {
      return new Support(false, "10.213.0.0/24, the partition tests' cluster subnet, is in use on this machine");
    }
    return new Support(true, "network namespaces can be made");
  }

  // ---- names and addresses

  private static String bridgePort(int host) {
    return "h" + host;
  }

  private static String controlLink(int subnet, int host) {
    return CONTROL_LINK_PREFIX + subnet + "c" + host;
  }

  private static int address(int a, int b, int c, int d) {
    return (a << 24) | (b << 16) | (c << 8) | d;
  }

  private static String dotted(int address) {
    return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." + (address & 0xFF);
  }

  // ---- running ip

  private record Result(int exit, String out, String err) {
    boolean ok() {
      return exit == 0;
    }

    List<String> lines() {
      return out.lines().toList();
    }
  }

  private static Result ip(String... args) {
    Result result = run(args);
    if (!result.ok()) {
      throw new IllegalStateException("ip " + String.join(" ", args) + " failed (" + result.exit() + "): " + result.err().trim());
    }
    return result;
  }

  private static Result run(String... args) {
    List<String> command = new ArrayList<>();
    command.add("ip");
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      String out = read(process.getInputStream());
      if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT);
      }
      return new Result(process.exitValue(), out, err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
    }
  }

  private static String read(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
