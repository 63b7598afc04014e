// What the four-letter words say about the machine, the JVM and the build. ZooScope has no JVM
// and no OS: these are fixed, plausible values describing ZooScope's *simulated* host (a Debian
// 12 box running the Debian zookeeper 3.8.0 package on OpenJDK 17), so that every run prints the
// same thing. Keys and their order are ZooKeeper's; only these values are invented. A host can
// override the envi values (FourLetterHost.environment), e.g. to give each quorum member its own
// host.name.

/** Version.getFullVersion() of the Debian 3.8.0 build (exactly what the real server prints). */
export const ZOOKEEPER_FULL_VERSION = '3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC';

/** ZooTrace's initial text trace mask: CLIENT_REQUEST | SERVER_PACKET | SESSION | WARNING. */
export const DEFAULT_TRACE_MASK = 306n;

/** zookeeper.nio.sessionlessCnxnTimeout: timeout and expiry interval of the NIO connection queue. */
export const SESSIONLESS_CNXN_TIMEOUT = 10000;

/** AbstractFourLetterCommand.ZK_NOT_SERVING. */
export const ZK_NOT_SERVING = 'This ZooKeeper instance is not currently serving requests';

/**
 * Environment.list() in order. zookeeper.version is the real value; the rest describe the
 * simulated host. user.dir is also what a relative dataDir is resolved against.
 */
export const SIMULATED_ENVIRONMENT: readonly (readonly [string, string])[] = [
  ['zookeeper.version', ZOOKEEPER_FULL_VERSION],
  ['host.name', 'localhost'],
  ['java.version', '17.0.15'],
  ['java.vendor', 'Debian'],
  ['java.home', '/usr/lib/jvm/java-17-openjdk-amd64'],
  ['java.class.path', '/etc/zookeeper/conf:/usr/share/java/zookeeper.jar'],
  ['java.library.path', '/usr/java/packages/lib:/usr/lib/x86_64-linux-gnu/jni:/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu:/usr/lib/jni:/lib:/usr/lib'],
  ['java.io.tmpdir', '/tmp'],
  ['java.compiler', '<NA>'],
  ['os.name', 'Linux'],
  ['os.arch', 'amd64'],
  ['os.version', '6.1.0-28-amd64'],
  ['user.name', 'zookeeper'],
  ['user.home', '/var/lib/zookeeper'],
  ['user.dir', '/var/lib/zookeeper'],
  // Runtime.freeMemory/maxMemory/totalMemory in MB: a fixed, idle heap.
  ['os.memory.free', '231MB'],
  ['os.memory.max', '3934MB'],
  ['os.memory.total', '248MB'],
];

/** OSMXBean.getMaxFileDescriptorCount: the simulated process's RLIMIT_NOFILE. */
export const SIMULATED_MAX_FILE_DESCRIPTORS = 20000;

/**
 * OSMXBean.getOpenFileDescriptorCount: the simulated JVM holds 37 descriptors of its own (jars,
 * selectors, the listening socket, the data dir, ...), plus one socket per client connection.
 */
export function simulatedOpenFileDescriptors(openConnections: number): number {
  return 37 + openConnections;
}
