/**
 * The servers people deploy on Fly.io, as data: how a command line names each one, where it reads its host and
 * port (flags, environment), and what it binds by default — each default from the server's own documentation
 * (the `docs` link). One entry per server; listen.ts reads them all the same way.
 */

export interface ServerSpec {
  name: string;
  /** Where the defaults below are documented. */
  docs: string;
  /** The program (basename, or a Python module run with `python -m`), and the subcommand words that must follow. */
  program: string[];
  sub?: string[];
  /** A positional argument, after the subcommand, that takes the script (manage.py for Django). */
  script?: RegExp;
  hostFlags?: string[];
  portFlags?: string[];
  /** Flags whose value is `host:port`, `:port` or `tcp://host:port`. */
  bindFlags?: string[];
  /** A bare `--host` (no value) means all addresses (Vite, Astro). */
  bareHostIsAll?: boolean;
  /** The first positional argument after the subcommand is `[host:]port` (Django runserver, php -S). */
  positionalAddress?: boolean;
  hostEnv?: string[];
  portEnv?: string[];
  /** What it binds when nothing says otherwise; undefined: it depends on more than the command (unknown). */
  defaultHost?: string;
  defaultPort?: number;
  /** gunicorn: with PORT in the environment (and no bind flag) it binds 0.0.0.0:$PORT. */
  portEnvBindsAll?: string;
  /** Flags that move the listening socket somewhere this reading cannot follow (a config file, a Unix socket). */
  opaqueFlags?: string[];
  /** Environment variables that may set the address by themselves (more arguments, a config): unknown when set. */
  opaqueEnv?: string[];
  /** Config files beside fly.toml that may set the host or port (if one exists, the defaults are not relied on). */
  configFiles?: string[];
}

export const SERVERS: ServerSpec[] = [
  {
    name: "uvicorn",
    docs: "https://www.uvicorn.org/settings/#socket-binding",
    program: ["uvicorn"],
    hostFlags: ["--host"],
    portFlags: ["--port"],
    hostEnv: ["UVICORN_HOST"],
    portEnv: ["UVICORN_PORT"],
    defaultHost: "127.0.0.1",
    defaultPort: 8000,
    opaqueFlags: ["--uds", "--fd"],
  },
  {
    // "If the PORT environment variable is defined, the default is ['0.0.0.0:$PORT']"
    name: "gunicorn",
    docs: "https://docs.gunicorn.org/en/stable/settings.html#bind",
    program: ["gunicorn"],
    bindFlags: ["-b", "--bind"],
    defaultHost: "127.0.0.1",
    defaultPort: 8000,
    portEnvBindsAll: "PORT",
    opaqueFlags: ["-c", "--config"],
    // GUNICORN_CMD_ARGS and ./gunicorn.conf.py are read too
    opaqueEnv: ["GUNICORN_CMD_ARGS"],
    configFiles: ["gunicorn.conf.py"],
  },
  {
    name: "hypercorn",
    docs: "https://hypercorn.readthedocs.io/en/latest/how_to_guides/configuring.html",
    program: ["hypercorn"],
    bindFlags: ["-b", "--bind"],
    defaultHost: "127.0.0.1",
    defaultPort: 8000,
    opaqueFlags: ["-c", "--config"],
  },
  {
    name: "flask run",
    docs: "https://flask.palletsprojects.com/en/stable/cli/#run-the-development-server",
    program: ["flask"],
    sub: ["run"],
    hostFlags: ["-h", "--host"],
    portFlags: ["-p", "--port"],
    hostEnv: ["FLASK_RUN_HOST"],
    portEnv: ["FLASK_RUN_PORT"],
    defaultHost: "127.0.0.1",
    defaultPort: 5000,
  },
  {
    name: "Django runserver",
    docs: "https://docs.djangoproject.com/en/stable/ref/django-admin/#runserver",
    program: ["python", "python3"],
    script: /(^|\/)manage\.py$/,
    sub: ["runserver"],
    positionalAddress: true,
    defaultHost: "127.0.0.1",
    defaultPort: 8000,
  },
  {
    name: "Django runserver",
    docs: "https://docs.djangoproject.com/en/stable/ref/django-admin/#runserver",
    program: ["django-admin"],
    sub: ["runserver"],
    positionalAddress: true,
    defaultHost: "127.0.0.1",
    defaultPort: 8000,
  },
  {
    // the default binding is localhost in development and 0.0.0.0 in other environments: not known here
    name: "rails server",
    docs: "https://guides.rubyonrails.org/command_line.html#bin-rails-server",
    program: ["rails"],
    sub: ["server", "s"],
    hostFlags: ["-b", "--binding"],
    portFlags: ["-p", "--port"],
    portEnv: ["PORT"],
    defaultPort: 3000,
    opaqueFlags: ["-c", "--config"],
  },
  {
    // puma reads config/puma.rb by default, which usually sets the port: only its flags are relied on
    name: "puma",
    docs: "https://puma.io/puma/#binding-tcp-sockets",
    program: ["puma"],
    hostFlags: ["-b", "--bind"],
    portFlags: ["-p", "--port"],
    opaqueFlags: ["-C", "--config"],
  },
  {
    name: "next start",
    docs: "https://nextjs.org/docs/app/api-reference/cli/next#next-start-options",
    program: ["next"],
    sub: ["start"],
    hostFlags: ["-H", "--hostname"],
    portFlags: ["-p", "--port"],
    portEnv: ["PORT"],
    defaultPort: 3000,
  },
  {
    name: "next dev",
    docs: "https://nextjs.org/docs/app/api-reference/cli/next#next-dev-options",
    program: ["next"],
    sub: ["dev"],
    hostFlags: ["-H", "--hostname"],
    portFlags: ["-p", "--port"],
    portEnv: ["PORT"],
    defaultPort: 3000,
  },
  {
    // server.host defaults to "localhost"; `--host` alone listens on all addresses
    name: "vite dev",
    docs: "https://vite.dev/config/server-options#server-host",
    program: ["vite"],
    sub: ["", "dev", "serve"],
    hostFlags: ["--host"],
    portFlags: ["--port"],
    bareHostIsAll: true,
    defaultHost: "localhost",
    defaultPort: 5173,
    configFiles: ["vite.config.js", "vite.config.ts", "vite.config.mjs", "vite.config.mts", "vite.config.cjs"],
  },
  {
    name: "vite preview",
    docs: "https://vite.dev/config/preview-options#preview-port",
    program: ["vite"],
    sub: ["preview"],
    hostFlags: ["--host"],
    portFlags: ["--port"],
    bareHostIsAll: true,
    defaultHost: "localhost",
    defaultPort: 4173,
    configFiles: ["vite.config.js", "vite.config.ts", "vite.config.mjs", "vite.config.mts", "vite.config.cjs"],
  },
  {
    name: "astro preview",
    docs: "https://docs.astro.build/en/reference/cli-reference/#astro-preview",
    program: ["astro"],
    sub: ["preview"],
    hostFlags: ["--host"],
    portFlags: ["--port"],
    bareHostIsAll: true,
    defaultHost: "localhost",
    defaultPort: 4321,
    configFiles: ["astro.config.mjs", "astro.config.js", "astro.config.ts", "astro.config.mts"],
  },
  {
    name: "php -S",
    docs: "https://www.php.net/manual/en/features.commandline.webserver.php",
    program: ["php"],
    sub: ["-S"],
    positionalAddress: true,
  },
  {
    // "By default, the server listens on all interfaces" on port 8000
    name: "python -m http.server",
    docs: "https://docs.python.org/3/library/http.server.html#command-line-interface",
    program: ["http.server"],
    hostFlags: ["-b", "--bind"],
    positionalAddress: true,
    defaultHost: "0.0.0.0",
    defaultPort: 8000,
  },
  {
    // serve listens on 3000 unless -l says otherwise
    name: "serve",
    docs: "https://github.com/vercel/serve#usage",
    program: ["serve"],
    bindFlags: ["-l", "--listen"],
    portFlags: ["-p"],
    portEnv: ["PORT"],
    defaultPort: 3000,
  },
  {
    name: "http-server",
    docs: "https://github.com/http-party/http-server#available-options",
    program: ["http-server"],
    hostFlags: ["-a"],
    portFlags: ["-p", "--port"],
    portEnv: ["PORT"],
    defaultHost: "0.0.0.0",
    defaultPort: 8080,
  },
  {
    // server.address unset: all interfaces; server.port 8501
    name: "streamlit run",
    docs: "https://docs.streamlit.io/develop/api-reference/configuration/config.toml#server",
    program: ["streamlit"],
    sub: ["run"],
    hostFlags: ["--server.address"],
    portFlags: ["--server.port"],
    hostEnv: ["STREAMLIT_SERVER_ADDRESS"],
    portEnv: ["STREAMLIT_SERVER_PORT"],
    defaultPort: 8501,
    configFiles: [".streamlit/config.toml"],
  },
];
