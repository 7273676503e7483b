import type { Kernel } from '../kernel/kernel.js';
import type { RandomStream } from '../kernel/randomStream.js';
import { Host } from './host.js';
import { parseIpv4 } from './ipv4.js';
import { sampleLatencyUs } from './latency.js';
import { lanLink, loopbackLink, type Link } from './link.js';
import { Tcp } from './tcp.js';
import { linuxTcpDefaults, type TcpSettings } from './tcpSettings.js';

const hostsMax = 4_096;

/** One direction between two hosts: its link (latency, loss) and its random stream. */
export interface Path {
  readonly key: number;
  readonly from: Host;
  readonly to: Host;
  link: Link;
  readonly random: RandomStream;
}

/**
 * The simulated network: hosts by name and address, the links between them (latency, loss)
 * and partitions, which may be one-way. Paths are looked up per ordered pair of hosts.
 */
export class Network {
  readonly tcp: Tcp;
  private readonly hostsByName = new Map<string, Host>();
  private readonly hostsByIp = new Map<number, Host>();
  private readonly links = new Map<number, Link>();
  private readonly cut = new Set<number>();
  /** Each ordered pair's link and random stream. */
  private readonly paths = new Map<number, Path>();

  constructor(readonly kernel: Kernel, private readonly defaultLink: Link = lanLink) {
    this.tcp = new Tcp(kernel, this);
  }

  /** Adds a host; names and addresses must be unique. */
  addHost(name: string, address: string, settings: Partial<TcpSettings> = {}): Host {
    const ip = parseIpv4(address);
    if (this.hostsByName.has(name)) throw new Error(`host "${name}" exists already`);
    if (this.hostsByIp.has(ip)) throw new Error(`address ${address} is taken by host "${this.hostsByIp.get(ip)?.name}"`);
    if (this.hostsByName.size >= hostsMax) throw new Error(`at most ${hostsMax} hosts per network`);
    const host = new Host(this.kernel, name, ip, { ...linuxTcpDefaults, ...settings }, this.hostsByName.size);
    this.hostsByName.set(name, host);
    this.hostsByIp.set(ip, host);
    return host;
  }

  /**
   * Back to the network as built, hosts, links and paths kept, for another run on it
   * (check/grab/hubNetworks.ts): the kernel reset (clock, events, every random stream),
   * no partitions, each host empty and up, connection ids from 1. A run on a reset network
   * is the run on a fresh build of the same hosts (test/check/grab/hubNetworks.test.ts).
   */
  reset(): void {
    this.kernel.reset();
    this.cut.clear();
    this.tcp.restartIds();
    for (const host of this.hostsByName.values()) host.reset();
  }

  /** A host by name or dotted address; throws naming the known hosts when there is none. */
  host(nameOrAddress: string): Host {
    const host = this.hostsByName.get(nameOrAddress) ?? this.hostByIp(safeParse(nameOrAddress));
    if (!host) throw new Error(`no host "${nameOrAddress}" (hosts: ${[...this.hostsByName.keys()].join(', ')})`);
    return host;
  }

  hostByIp(ip: number | undefined): Host | undefined {
    return ip === undefined ? undefined : this.hostsByIp.get(ip);
  }

  hosts(): Host[] {
    return [...this.hostsByName.values()];
  }

  /** Sets the path from `from` to `to` (and back, unless `oneWay`). */
  setLink(from: Host, to: Host, link: Link, oneWay = false): void {
    if (!(link.lossRate >= 0 && link.lossRate < 1)) throw new Error(`lossRate ${link.lossRate} is not in [0, 1)`);
    this.links.set(this.pairKey(from, to), link);
    if (!oneWay) this.links.set(this.pairKey(to, from), link);
    this.refreshPath(from, to);
    if (!oneWay) this.refreshPath(to, from);
  }

  /** The link now in force from `from` to `to`. */
  link(from: Host, to: Host): Link {
    return this.linkOf(from, to, this.pairKey(from, to));
  }

  /** Cuts the path from `from` to `to` (and back, unless `oneWay`). */
  partition(from: Host, to: Host, oneWay = false): void {
    this.cut.add(this.pairKey(from, to));
    if (!oneWay) this.cut.add(this.pairKey(to, from));
  }

  heal(from: Host, to: Host, oneWay = false): void {
    this.cut.delete(this.pairKey(from, to));
    if (!oneWay) this.cut.delete(this.pairKey(to, from));
  }

  /** Whether a segment sent now from `from` can reach `to`: path not cut, both hosts up. */
  reachable(from: Host, to: Host): boolean {
    return this.open(this.path(from, to));
  }

  /** One segment's fate on the path: its delay in µs, or -1 when it is lost. */
  transitUs(from: Host, to: Host): number {
    return this.transitOnUs(this.path(from, to));
  }

  /** Whether the path is usable now: not cut, both ends up. */
  open(path: Path): boolean {
    return path.from.up && path.to.up && (this.cut.size === 0 || !this.cut.has(path.key));
  }

  /** A segment's delay on `path` in µs, or -1 when it is lost. */
  transitOnUs(path: Path): number {
    const { link, random } = path;
    if (link.lossRate > 0 && random.chance(link.lossRate)) return -1;
    return sampleLatencyUs(link.latency, random);
  }

  /**
   * The path from `from` to `to`, made on first use. Each draws from its own stream, so
   * traffic on one path never shifts another's. Callers may keep it: links set later are
   * seen through it.
   */
  path(from: Host, to: Host): Path {
    // Looked up in the sending host's row rather than the network's Map: every SYN, SYN-ACK
    // and last ACK asks for its path twice (reachable, then transitUs).
    let path = from.pathsOut[to.index];
    if (path === undefined) {
      const key = this.pairKey(from, to);
      path = { key, from, to, link: this.linkOf(from, to, key), random: this.kernel.stream(`path:${from.name}>${to.name}`) };
      this.paths.set(key, path);
      from.pathsOut[to.index] = path;
    }
    return path;
  }

  private refreshPath(from: Host, to: Host): void {
    const key = this.pairKey(from, to);
    const path = this.paths.get(key);
    if (path) path.link = this.linkOf(from, to, key);
  }

  private linkOf(from: Host, to: Host, key: number): Link {
    return from === to ? loopbackLink : this.links.get(key) ?? this.defaultLink;
  }

  private pairKey(from: Host, to: Host): number {
    return from.index * hostsMax + to.index;
  }
}

function safeParse(text: string): number | undefined {
  try {
    return parseIpv4(text);
  } catch {
    return undefined;
  }
}
