// The part of localtunnel@2's client class the localtunnel provider builds on (the package ships no types).
declare module 'localtunnel/lib/Tunnel.js' {
  import { EventEmitter } from 'node:events';

  namespace Tunnel {
    interface Options {
      port: number;
      host?: string;
      subdomain?: string;
      local_host?: string;
    }

    /** The relay's answer to a registration request. */
    interface RelayRegistration {
      id: string;
      url: string;
      port: number;
      ip?: string;
      max_conn_count?: number;
      cached_url?: string;
    }
  }

  class Tunnel extends EventEmitter {
    constructor(options: Tunnel.Options);
    opts: Tunnel.Options;
    url?: string;
    closed: boolean;
    open(callback: (error?: Error) => void): void;
    close(): void;
    protected _init(callback: (error: Error | null, info?: unknown) => void): void;
    protected _getInfo(body: Tunnel.RelayRegistration): unknown;
  }
  export = Tunnel;
}
