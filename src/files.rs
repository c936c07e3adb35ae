//! Reading files and folders: the one place that touches the file system for
//! inputs. Folders are walked in a stable order (by path), symbolic-link
//! loops are cut, and every failure becomes a diagnostic naming the path.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{Diagnostic, SourceSpan};
use thiserror::Error;

use crate::source::SourceFile;

#[derive(Debug, Error, Diagnostic)]
pub enum FileError {
    #[error("`{path}` does not exist")]
    #[diagnostic(code(input::not_found))]
    NotFound {
        path: String,
        #[help]
        help: Option<String>,
    },

    #[error("cannot read `{path}`: {reason}")]
    #[diagnostic(code(input::unreadable))]
    Unreadable { path: String, reason: String },

    #[error("no {what} in `{path}`")]
    #[diagnostic(code(input::no_files), help("{what} end in {extensions}"))]
    NoFiles {
        path: String,
        what: &'static str,
        extensions: String,
    },

    #[error("`{path}` is a folder, not a file")]
    #[diagnostic(code(input::not_a_file), help("{help}"))]
    NotAFile { path: String, help: &'static str },

    #[error("`{path}` is a fact file, not a rule file")]
    #[diagnostic(
        code(input::fact_file_as_rules),
        help(
            "`rules check` and `--rules` read rule files (`.rules`); evaluate facts with `rules eval {path}`"
        )
    )]
    FactFileAsRules { path: String },

    #[error("`{path}` is a device, not a file")]
    #[diagnostic(
        code(input::device),
        help(
            "name a rule or fact file, or a folder of them (a device like `/dev/zero` never ends)"
        )
    )]
    Device { path: String },

    #[error("`{path}` is a pipe, not a file")]
    #[diagnostic(code(input::pipe), help("{why}"))]
    Pipe { path: String, why: &'static str },

    #[error("cannot write `{path}`: {reason}")]
    #[diagnostic(code(output::unwritable))]
    Unwritable { path: String, reason: String },

    #[error("cannot read `{path}` at git revision `{revision}`: {reason}")]
    #[diagnostic(
        code(input::git),
        help(
            "give a revision git knows, like `git:main` or `git:HEAD~1`, from inside the repository"
        )
    )]
    Git {
        revision: String,
        path: String,
        reason: String,
    },

    #[error("`{name}` is not UTF-8 text")]
    #[diagnostic(
        code(input::not_utf8),
        help("save the file with UTF-8 encoding (most editors offer it under \"Save as\")")
    )]
    NotUtf8 {
        name: String,
        #[source_code]
        src: Arc<SourceFile>,
        #[label("this byte is not valid UTF-8")]
        span: SourceSpan,
    },
}

/// How a path names itself to users: as they gave it.
pub fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Reads one text file. A byte-order mark is dropped; bytes that are not
/// UTF-8 are an error pointing at the first of them.
pub fn read_text(path: &Path) -> Result<Arc<SourceFile>, FileError> {
    let name = display(path);
    let metadata = fs::metadata(path).map_err(|e| io_error(path, e))?;
    if metadata.is_dir() {
        return Err(FileError::NotAFile {
            path: name,
            help: "name a file here; this command reads one file",
        });
    }
    refuse_device(path, &metadata)?;
    let bytes = fs::read(path).map_err(|e| io_error(path, e))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(name, text)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            // Show the text as far as it is readable, with the bad byte replaced.
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let offset = String::from_utf8_lossy(&bytes[..valid]).len();
            Err(FileError::NotUtf8 {
                name: name.clone(),
                src: SourceFile::new(name, text),
                span: SourceSpan::new(offset.into(), '\u{fffd}'.len_utf8()),
            })
        }
    }
}

/// Reads one text file to show a problem in it: bytes that are not UTF-8
/// are replaced, not refused.
pub fn read_text_lossy(path: &Path) -> Result<Arc<SourceFile>, FileError> {
    let bytes = fs::read(path).map_err(|e| io_error(path, e))?;
    Ok(SourceFile::new(
        display(path),
        String::from_utf8_lossy(&bytes).into_owned(),
    ))
}

/// Replaces the text of a file. The new text goes to a temporary file
/// beside it first, then takes its place, so that a failure half-way never
/// leaves a truncated file.
pub fn write_text(path: &Path, text: &str) -> Result<(), FileError> {
    let unwritable = |e: io::Error| FileError::Unwritable {
        path: display(path),
        reason: describe_io(&e),
    };
    // Through a symbolic link, replace the file it points to, not the link.
    let target = fs::canonicalize(path).map_err(unwritable)?;
    let mut temporary = target.as_os_str().to_owned();
    temporary.push(format!(".{}.tmp", std::process::id()));
    let temporary = PathBuf::from(temporary);
    // Keep the file's permissions.
    let permissions = fs::metadata(&target).map_err(unwritable)?.permissions();
    if permissions.readonly() {
        return Err(unwritable(io::ErrorKind::PermissionDenied.into()));
    }
    remove_stale_temporaries(&target);
    write_synced(&temporary, text).map_err(unwritable)?;
    let replaced =
        fs::set_permissions(&temporary, permissions).and_then(|()| fs::rename(&temporary, &target));
    if let Err(e) = replaced {
        let _ = fs::remove_file(&temporary);
        return Err(unwritable(e));
    }
    sync_folder_of(&target);
    Ok(())
}

/// Writes a file whether or not it exists yet, making the folders it needs:
/// an existing file is replaced as [`write_text`] replaces it; a new one is
/// written beside first too, then takes its name.
pub fn write_new_text(path: &Path, text: &str) -> Result<(), FileError> {
    if fs::symlink_metadata(path).is_ok() {
        return write_text(path, text);
    }
    let unwritable = |e: io::Error| FileError::Unwritable {
        path: display(path),
        reason: describe_io(&e),
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(unwritable)?;
    }
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".{}.tmp", std::process::id()));
    let temporary = PathBuf::from(temporary);
    remove_stale_temporaries(path);
    write_synced(&temporary, text).map_err(unwritable)?;
    if let Err(e) = fs::rename(&temporary, path) {
        let _ = fs::remove_file(&temporary);
        return Err(unwritable(e));
    }
    sync_folder_of(path);
    Ok(())
}

/// Waits until a rename in the folder of `path` is on disk, so that after
/// a crash of the machine the file has its new text, not its old one. Best
/// effort: some systems cannot open a folder to sync it.
fn sync_folder_of(path: &Path) {
    #[cfg(unix)]
    if let Some(parent) = path.parent() {
        let folder = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        if let Ok(folder) = fs::File::open(folder) {
            let _ = folder.sync_all();
        }
    }
}

/// Removes what earlier runs, killed before their rename, left beside
/// `path`: temporaries `NAME.PID.tmp` of processes no longer running. Linux
/// only, where `/proc` says which processes run; elsewhere they stay, under
/// a name nothing reads.
fn remove_stale_temporaries(path: &Path) {
    if !cfg!(target_os = "linux") || !Path::new("/proc/self").exists() {
        return;
    }
    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let folder = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    let prefix = format!("{}.", name.to_string_lossy());
    for entry in entries.flatten() {
        let entry_name = entry.file_name();
        let entry_name = entry_name.to_string_lossy();
        let Some(pid) = entry_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
        else {
            continue;
        };
        let is_pid = !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
        if is_pid && pid != std::process::id().to_string() && !Path::new("/proc").join(pid).exists()
        {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Writes a new file and waits until its bytes are on disk, so that the
/// rename that follows can only ever show the whole text, even after a
/// crash of the machine. A temporary left by a process killed before its
/// rename keeps its `.tmp` name, which nothing reads as rules, facts or a
/// snapshot.
fn write_synced(path: &Path, text: &str) -> io::Result<()> {
    let written = fs::File::create(path).and_then(|mut file| {
        io::Write::write_all(&mut file, text.as_bytes())?;
        file.sync_all()
    });
    if written.is_err() {
        let _ = fs::remove_file(path);
    }
    written
}

/// Deletes a file.
pub fn remove_file(path: &Path) -> Result<(), FileError> {
    fs::remove_file(path).map_err(|e| FileError::Unwritable {
        path: display(path),
        reason: describe_io(&e),
    })
}

/// Every file ending in `.extension` under `root` (a folder, walked
/// recursively, or a single file), sorted by path.
pub fn collect(
    root: &Path,
    extensions: &'static [&'static str],
    what: &'static str,
) -> Result<Vec<PathBuf>, FileError> {
    let metadata = fs::metadata(root).map_err(|e| io_error(root, e))?;
    if !metadata.is_dir() {
        refuse_device(root, &metadata)?;
        return Ok(vec![root.to_path_buf()]);
    }
    let mut found = Vec::new();
    let mut visited = HashSet::new();
    walk(root, extensions, &mut found, &mut visited)?;
    found.sort();
    if found.is_empty() {
        return Err(FileError::NoFiles {
            path: display(root),
            what,
            extensions: extensions
                .iter()
                .map(|e| format!("`.{e}`"))
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    Ok(found)
}

fn walk(
    dir: &Path,
    extensions: &[&str],
    found: &mut Vec<PathBuf>,
    visited: &mut HashSet<PathBuf>,
) -> Result<(), FileError> {
    // A folder reached twice (through a symbolic link loop) is walked once.
    let canonical = fs::canonicalize(dir).map_err(|e| io_error(dir, e))?;
    if !visited.insert(canonical) {
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| io_error(dir, e))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(|e| io_error(dir, e))?;
    entries.sort();
    for path in entries {
        match fs::metadata(&path) {
            Ok(m) if m.is_dir() => walk(&path, extensions, found, visited)?,
            Ok(m) => {
                if has_extension(&path, extensions) {
                    refuse_device(&path, &m)?;
                    refuse_pipe(
                        &path,
                        "a pipe in a folder may never be written to; name it on its own, or save \
                         what it gives to a file",
                    )?;
                    found.push(path);
                }
            }
            // A dangling link or an unreadable entry that would have counted.
            Err(e) if has_extension(&path, extensions) => {
                return Err(io_error(&path, e));
            }
            Err(_) => {}
        }
    }
    Ok(())
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.contains(&e))
}

/// Devices (`/dev/zero`, `/dev/random`) are refused: reading one may never
/// end, and memory would fill with it. Named pipes stay readable where a
/// file is read once, as rule files are (`--rules <(generate-rules)`).
fn refuse_device(path: &Path, metadata: &fs::Metadata) -> Result<(), FileError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = metadata.file_type();
        if kind.is_char_device() || kind.is_block_device() || kind.is_socket() {
            return Err(FileError::Device {
                path: display(path),
            });
        }
    }
    #[cfg(not(unix))]
    let _ = (path, metadata);
    Ok(())
}

/// A named pipe (`rules eval <(generate-facts)`, `/dev/stdin` from a pipe)
/// can be read only once: refused where a file is read twice.
pub fn refuse_pipe(path: &Path, why: &'static str) -> Result<(), FileError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if fs::metadata(path).is_ok_and(|m| m.file_type().is_fifo()) {
            return Err(FileError::Pipe {
                path: display(path),
                why,
            });
        }
    }
    #[cfg(not(unix))]
    let _ = (path, why);
    Ok(())
}

fn io_error(path: &Path, error: io::Error) -> FileError {
    let name = display(path);
    match error.kind() {
        io::ErrorKind::NotFound => FileError::NotFound {
            path: name,
            help: None,
        },
        _ => FileError::Unreadable {
            path: name,
            reason: describe_io(&error),
        },
    }
}

/// `permission denied` rather than `Permission denied (os error 13)`.
fn describe_io(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::IsADirectory => "it is a folder".to_string(),
        _ => {
            let text = error.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text).to_string();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => text,
            }
        }
    }
}
