/** Entry of dist/server.js: `fly-toml lsp` requires it, and the VS Code client runs it directly over IPC. */
import { setFlagsFromString } from "node:v8";
import { startServer } from "./server";

// A server lives long on small, frequent edits: V8 reads this when it decides to grow the heap, so memory stays
// close to what is live.
setFlagsFromString("--optimize-for-size");

export { startServer };

if (require.main === module) startServer();
