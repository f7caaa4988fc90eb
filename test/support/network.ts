// Tests talk to 127.0.0.1 only. Anything else is a bug in the test or the code: fail loudly.
import net from 'node:net';

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const [first, second] = args as [unknown, unknown];
  const options = (typeof first === 'object' && first !== null ? first : { port: first, host: second }) as {
    host?: string;
    path?: string;
  };
  if (!options.path) {
    const host = options.host ?? 'localhost';
    // A ".invalid" name never resolves (RFC 6761): tests use one for a public URL this PC cannot reach.
    if (!['127.0.0.1', 'localhost', '::1'].includes(host) && !host.startsWith('127.') && !host.endsWith('.invalid')) {
      throw new Error(`A test tried to reach ${host}: tests may only contact 127.0.0.1`);
    }
  }
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
};
