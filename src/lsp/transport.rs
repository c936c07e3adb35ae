//! The editor's messages over standard input and output: `Content-Length`
//! framing, one thread reading and one writing, as lsp-server's own stdio
//! transport does, except that a malformed message (a bad header, a body
//! that is not UTF-8, not JSON or not JSON-RPC, a length past
//! [`LARGEST_MESSAGE`]) is skipped and said in the log, where lsp-server's
//! would end the session. Only the end of the input ends the reader (or
//! `exit`).

use std::io::{self, BufRead, Read};
use std::thread;

use crossbeam_channel::{Sender, bounded};
use lsp_server::{Connection, Message, Notification};
use lsp_types::notification::{LogMessage, Notification as _};
use lsp_types::{LogMessageParams, MessageType};

/// The largest message read, in bytes: a rule file is far smaller; a
/// larger length is skipped, never allocated.
pub const LARGEST_MESSAGE: usize = 256 << 20;

/// The reading and writing threads.
pub struct IoThreads {
    reader: thread::JoinHandle<io::Result<()>>,
    writer: thread::JoinHandle<io::Result<()>>,
}

impl IoThreads {
    /// Waits for both threads; the writer ends when every sender is dropped.
    pub fn join(self) -> io::Result<()> {
        let read = self
            .reader
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("reader failed")));
        let written = self
            .writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("writer failed")));
        read.and(written)
    }
}

/// A connection over standard input and output.
pub fn stdio() -> (Connection, IoThreads) {
    let (to_editor, outgoing) = bounded::<Message>(0);
    let writer = thread::spawn(move || {
        let stdout = io::stdout();
        let mut stdout = stdout.lock();
        for message in outgoing {
            message.write(&mut stdout)?;
        }
        Ok(())
    });
    let (incoming, from_editor) = bounded::<Message>(0);
    let log = to_editor.clone();
    let reader = thread::spawn(move || {
        let stdin = io::stdin();
        read_messages(&mut stdin.lock(), LARGEST_MESSAGE, &incoming, &log)
    });
    let connection = Connection {
        sender: to_editor,
        receiver: from_editor,
    };
    (connection, IoThreads { reader, writer })
}

/// Reads messages until the input ends or `exit` comes.
fn read_messages(
    input: &mut impl BufRead,
    largest: usize,
    incoming: &Sender<Message>,
    log: &Sender<Message>,
) -> io::Result<()> {
    loop {
        let message = match read_frame(input, largest)? {
            Frame::End => return Ok(()),
            Frame::Body(body) => match parse(&body) {
                Ok(message) => message,
                Err(why) => {
                    skipped(log, &why);
                    continue;
                }
            },
            Frame::Skipped(why) => {
                skipped(log, &why);
                continue;
            }
        };
        let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
        if incoming.send(message).is_err() || exit {
            return Ok(());
        }
    }
}

fn skipped(log: &Sender<Message>, why: &str) {
    let params = LogMessageParams {
        typ: MessageType::ERROR,
        message: format!("a message was skipped: {why}"),
    };
    let _ = log.send(Notification::new(LogMessage::METHOD.to_string(), params).into());
}

enum Frame {
    End,
    Body(Vec<u8>),
    /// A message that could not be read, and why; the input goes on after it.
    Skipped(String),
}

/// One message's body: headers up to a blank line, then `Content-Length` bytes.
fn read_frame(input: &mut impl BufRead, largest: usize) -> io::Result<Frame> {
    let mut length: Option<usize> = None;
    let mut malformed = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(Frame::End);
        }
        let text = String::from_utf8_lossy(&line);
        let header = text.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        match header.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => malformed = Some(format!("a bad Content-Length `{}`", value.trim())),
                }
            }
            Some(_) => {}
            None => malformed = Some(format!("a bad header `{header}`")),
        }
    }
    let Some(length) = length else {
        return Ok(Frame::Skipped(
            malformed.unwrap_or_else(|| "no Content-Length".to_string()),
        ));
    };
    if length > largest {
        io::copy(&mut input.take(length as u64), &mut io::sink())?;
        return Ok(Frame::Skipped(format!(
            "{length} bytes, more than the {largest} read"
        )));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(match malformed {
        Some(why) => Frame::Skipped(why),
        None => Frame::Body(body),
    })
}

fn parse(body: &[u8]) -> Result<Message, String> {
    let text = std::str::from_utf8(body).map_err(|e| format!("its body is not UTF-8 ({e})"))?;
    serde_json::from_str(text).map_err(|e| format!("it is not a JSON-RPC message ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &[u8]) -> Vec<u8> {
        let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        bytes.extend_from_slice(body);
        bytes
    }

    #[test]
    fn malformed_messages_are_skipped_and_the_next_is_read() {
        let mut input = Vec::new();
        input.extend(frame(b"{not json"));
        input.extend(frame(b"\xff\xfe"));
        input.extend(frame(br#"{"jsonrpc": "2.0", "result": 1}"#));
        input.extend(b"Content-Length: many\r\n\r\n");
        input.extend(b"Garbage\r\n\r\n");
        input.extend(b"Content-Length: 1001\r\n\r\n");
        input.extend(vec![b' '; 1001]);
        input.extend(frame(br#"{"jsonrpc": "2.0", "method": "exit"}"#));
        input.extend(frame(br#"{"jsonrpc": "2.0", "method": "after exit"}"#));
        let (incoming, received) = crossbeam_channel::unbounded();
        let (log, logged) = crossbeam_channel::unbounded();
        read_messages(&mut &input[..], 1000, &incoming, &log).expect("read");
        let received: Vec<Message> = received.try_iter().collect();
        assert_eq!(received.len(), 1, "only `exit`: {received:?}");
        assert!(matches!(&received[0], Message::Notification(n) if n.method == "exit"));
        let logged: Vec<String> = logged
            .try_iter()
            .map(|m| match m {
                Message::Notification(n) => n.params["message"].as_str().unwrap().to_string(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(logged.len(), 6, "{logged:?}");
        assert!(
            logged[0].contains("not a JSON-RPC message"),
            "{}",
            logged[0]
        );
        assert!(logged[1].contains("not UTF-8"), "{}", logged[1]);
        assert!(
            logged[2].contains("not a JSON-RPC message"),
            "{}",
            logged[2]
        );
        assert!(logged[3].contains("Content-Length `many`"), "{}", logged[3]);
        assert!(logged[4].contains("bad header `Garbage`"), "{}", logged[4]);
        assert!(logged[5].contains("more than"), "{}", logged[5]);
    }
}
