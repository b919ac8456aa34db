-- Neovim (0.7.2, headless) as a second, real LSP client: open a fly.toml, start fly-toml's server with
-- vim.lsp.start_client, wait for its diagnostics and a hover, and write what Neovim received as JSON.
local root = os.getenv("FLY_TOML_ROOT")
local file = os.getenv("FLY_TOML_FILE")
local out = os.getenv("FLY_TOML_OUT")

vim.cmd("edit " .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()

local client_id = vim.lsp.start_client({
  name = "fly-toml",
  cmd = { "node", root .. "/bin/fly-toml.js", "lsp", "--stdio" },
  root_dir = vim.fn.fnamemodify(file, ":h"),
})
vim.lsp.buf_attach_client(bufnr, client_id)

local result = { diagnostics = {}, hover = vim.NIL, error = vim.NIL }
local ok = vim.wait(20000, function()
  return #vim.diagnostic.get(bufnr) > 0
end, 50)
if not ok then
  result.error = "no diagnostics within 20s"
end

for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local code = d.code
  if code == nil and d.user_data and d.user_data.lsp then
    code = d.user_data.lsp.code
  end
  table.insert(result.diagnostics, { code = code, lnum = d.lnum, col = d.col, severity = d.severity, message = d.message })
end

-- hover on `force_https` (line 16, 0-based 15, in the example)
local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = 15, character = 4 } }
local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/hover", params, 10000)
if responses then
  for _, r in pairs(responses) do
    if r.result and r.result.contents then
      result.hover = r.result.contents.value
    end
  end
end

local f = io.open(out, "w")
f:write(vim.fn.json_encode(result))
f:close()
vim.lsp.stop_client(client_id)
vim.cmd("qa!")
