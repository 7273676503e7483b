/** IPv4 addresses as unsigned 32-bit integers, the form the port table and links key on. */

export function parseIpv4(text: string): number {
  const parts = text.split('.');
  const octets = parts.map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : NaN));
  if (octets.length !== 4 || octets.some((octet) => !(octet >= 0 && octet <= 255))) {
    throw new Error(`"${text}" is not an IPv4 address (expected four numbers 0-255 separated by dots)`);
  }
  return (((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0);
}

export function formatIpv4(ip: number): string {
  return [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.');
}
