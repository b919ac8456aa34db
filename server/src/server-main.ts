/** Entry of dist/server.js: `fly-toml lsp` requires it, and the VS Code client runs it directly over IPC. */
import { startServer } from "./server";

export { startServer };

if (require.main === module) startServer();
