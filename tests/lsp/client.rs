//! A scripted editor: starts the built `rules lsp`, speaks JSON-RPC to it
//! over its standard input and output as an editor does (`Content-Length`
//! framing), and keeps what it says. Every wait has a time limit, so a
//! server that hangs fails the test instead of hanging it.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long the server may take to answer anything.
pub const LIMIT: Duration = Duration::from_secs(60);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    stderr: Option<JoinHandle<String>>,
    next_id: i64,
    /// Notifications from the server, in the order received, not yet taken.
    notifications: Vec<Value>,
    /// The workspace folder, replaced by `WORKSPACE` in what is shown.
    pub folder: PathBuf,
}

/// How a session ended.
pub struct Exit {
    pub status: i32,
    pub stderr: String,
}

impl Client {
    /// Starts `rules lsp ARGS` in `folder` (not yet initialized).
    pub fn start(folder: &Path, args: &[&str]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rules"))
            .arg("lsp")
            .args(args)
            .current_dir(folder)
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start `rules lsp`");
        let stdout = child.stdout.take().expect("stdout");
        let (send, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if send.send(message).is_err() {
                    break;
                }
            }
        });
        let mut stderr = child.stderr.take().expect("stderr");
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        Client {
            stdin: child.stdin.take(),
            child,
            incoming,
            stderr: Some(stderr),
            next_id: 0,
            notifications: Vec::new(),
            folder: folder.to_path_buf(),
        }
    }

    /// The URI of a file of the workspace.
    pub fn uri(&self, relative: &str) -> String {
        file_uri(&self.folder.join(relative))
    }

    /// Writes bytes as they are, framing included: for malformed input.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("the server's input is open");
        stdin.write_all(bytes).expect("write to the server");
        stdin.flush().expect("flush");
    }

    /// Sends one message, framed.
    pub fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).expect("JSON");
        let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        bytes.extend(body);
        self.send_raw(&bytes);
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response (the whole response:
    /// `result` or `error`); notifications received meanwhile are kept.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let started = Instant::now();
        loop {
            let left = LIMIT.saturating_sub(started.elapsed());
            let message = match self.incoming.recv_timeout(left) {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => {
                    panic!("`{method}` got no answer within {LIMIT:?}")
                }
                Err(RecvTimeoutError::Disconnected) => {
                    let exit = self.wait();
                    panic!(
                        "the server ended (status {}) before answering `{method}`:\n{}",
                        exit.status, exit.stderr
                    )
                }
            };
            match (message.get("id"), message.get("method")) {
                (Some(got), None) if *got == json!(id) => return message,
                (Some(_), None) => panic!("an answer to no request of this client: {message}"),
                // A request of the server's (a registration): accepted, and kept
                // with the notifications.
                (Some(server_id), Some(_)) => {
                    let server_id = server_id.clone();
                    self.send(&json!({"jsonrpc": "2.0", "id": server_id, "result": null}));
                    self.notifications.push(message);
                }
                _ => self.notifications.push(message),
            }
        }
    }

    /// The result of a request that must succeed.
    pub fn result(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params);
        match response.get("result") {
            Some(result) => result.clone(),
            None => panic!("`{method}` failed: {response}"),
        }
    }

    /// `initialize` with the workspace folder, then `initialized`; the
    /// server's capabilities.
    pub fn initialize(&mut self, initialization_options: Value) -> Value {
        self.initialize_with(initialization_options, json!({}))
    }

    /// `initialize` saying what the editor can do (`capabilities`).
    pub fn initialize_with(&mut self, initialization_options: Value, capabilities: Value) -> Value {
        let folder = file_uri(&self.folder);
        let result = self.result(
            "initialize",
            json!({
                "processId": null,
                "rootUri": folder,
                "workspaceFolders": [{"uri": folder, "name": "workspace"}],
                "capabilities": capabilities,
                "initializationOptions": initialization_options,
            }),
        );
        self.notify("initialized", json!({}));
        result
    }

    /// Waits until the server has handled everything sent so far: a request
    /// is answered after every change before it is analysed and its
    /// diagnostics are published.
    pub fn sync(&mut self) {
        let response = self.request("rules/unknown-sync", json!({}));
        assert_eq!(response["error"]["code"], json!(-32601), "{response}");
    }

    /// The notifications with `method` received so far, taken.
    pub fn take(&mut self, method: &str) -> Vec<Value> {
        let (taken, kept) = std::mem::take(&mut self.notifications)
            .into_iter()
            .partition(|n| n["method"] == method);
        self.notifications = kept;
        taken
    }

    /// The diagnostics published so far, taken: each file's latest list.
    pub fn diagnostics(&mut self) -> std::collections::BTreeMap<String, Vec<Value>> {
        let mut latest = std::collections::BTreeMap::new();
        for n in self.take("textDocument/publishDiagnostics") {
            let uri = n["params"]["uri"].as_str().expect("uri").to_string();
            let list = n["params"]["diagnostics"].as_array().expect("list").clone();
            latest.insert(uri, list);
        }
        latest
    }

    /// `shutdown`, then `exit`; how the server ended.
    pub fn shutdown(mut self) -> Exit {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null, "{response}");
        self.notify("exit", Value::Null);
        self.wait()
    }

    /// Closes the server's input and waits for it to end.
    pub fn wait(&mut self) -> Exit {
        drop(self.stdin.take());
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                break status;
            }
            if started.elapsed() > LIMIT {
                self.child.kill().ok();
                panic!("the server did not end within {LIMIT:?}");
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let stderr = self
            .stderr
            .take()
            .map(|h| h.join().expect("stderr"))
            .unwrap_or_default();
        assert!(
            status.code().is_some(),
            "the server was ended by a signal ({status}):\n{stderr}"
        );
        assert!(
            !stderr.contains("panicked"),
            "the server panicked:\n{stderr}"
        );
        Exit {
            status: status.code().expect("a status"),
            stderr,
        }
    }

    /// `value` as pretty JSON, the workspace folder written `WORKSPACE`.
    pub fn show(&self, value: &Value) -> String {
        let text = serde_json::to_string_pretty(value).expect("JSON");
        let uri = file_uri(&self.folder);
        text.replace(&uri, "file:///WORKSPACE")
            .replace(&self.folder.display().to_string(), "WORKSPACE")
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // A test that failed half-way leaves no server behind.
        if self.child.try_wait().ok().flatten().is_none() {
            self.child.kill().ok();
            self.child.wait().ok();
        }
    }
}

/// `file:///...` for an absolute path (percent-encoding the few
/// characters test folders may hold).
pub fn file_uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for c in path.display().to_string().chars() {
        match c {
            ' ' => out.push_str("%20"),
            '#' => out.push_str("%23"),
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3F"),
            c => out.push(c),
        }
    }
    out
}

/// One framed message, or `None` at the end of the output.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("the server writes JSON"))
}
