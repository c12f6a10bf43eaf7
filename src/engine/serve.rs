//! `serve`: a live preview of the site. Builds into a temporary folder, serves it on one
//! address (axum, tower-http), watches the content, locales, templates and project file
//! (notify) and rebuilds what changed with the engine's incremental build, then reloads the
//! open pages (tower-livereload). The reload script is added by the server to what it sends:
//! it is never in `build` output. A build with errors shows them on every page until they are
//! fixed, and serving goes on.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use crate::diagnostic::Severity;
use crate::error::Error;
use crate::locale::Locale;

use super::{BuildPlan, BuildReport, Project, Settings, Silent};

/// What to serve, and where.
#[derive(Debug, Clone)]
pub struct ServePlan {
    /// The project's settings; the project is opened again for every build, so edited strings
    /// and templates are picked up.
    pub settings: Settings,
    /// The address to listen on (loopback by default).
    pub bind: IpAddr,
    /// The port; 0 takes any free one.
    pub port: u16,
    /// Only these locales (empty: all).
    pub locales: Vec<Locale>,
    /// As `build --link-base`.
    pub link_base: Option<String>,
    /// As `build --source-url`.
    pub source_url: Option<String>,
    /// The project file, watched and read again for every build (its QA and site keys; its
    /// paths are those of the start).
    pub project_file: Option<PathBuf>,
    /// Set to stop serving (Ctrl-C); checked several times a second.
    pub stop: Arc<AtomicBool>,
}

/// What happens while serving, for the caller to show.
#[derive(Debug)]
pub enum ServeEvent {
    /// The server listens at `url`, serving the site built into `out`.
    Listening {
        /// The site's address.
        url: String,
        /// The temporary output folder.
        out: PathBuf,
    },
    /// A build finished (its diagnostics may hold errors).
    Built {
        /// What the build did.
        report: BuildReport,
        /// How long it took.
        elapsed: Duration,
        /// The changed files that started it (empty for the first build).
        changed: Vec<PathBuf>,
    },
    /// A build could not run at all (a template that does not parse, a missing folder).
    Failed {
        /// Why.
        error: Error,
    },
}

/// Serves the site until `plan.stop` is set; every build is reported through `on`. Errors only
/// when the server cannot start (the address is taken, no temporary folder).
pub fn serve(plan: &ServePlan, on: &(dyn Fn(ServeEvent) + Sync)) -> Result<(), Error> {
    let io = |what: &str| {
        let what = what.to_string();
        move |source: std::io::Error| Error::Io {
            path: what.clone().into(),
            source,
        }
    };
    let out = tempfile::Builder::new()
        .prefix("kbgen-serve-")
        .tempdir()
        .map_err(io("a temporary folder"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(io("the server's runtime"))?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(SocketAddr::new(
            plan.bind, plan.port,
        )))
        .map_err(io(&format!("{}:{}", plan.bind, plan.port)))?;
    let address = listener.local_addr().map_err(io("the server's address"))?;
    let url = format!("http://{address}/");

    let builder = Builder {
        plan,
        out: out.path().to_path_buf(),
        base_url: url.clone(),
        problems: Arc::new(Mutex::new(String::new())),
    };
    builder.build(Vec::new(), on);
    // watching starts before anyone is told where to look, so no edit is missed
    let watch = builder.watch_inputs()?;
    on(ServeEvent::Listening {
        url,
        out: out.path().to_path_buf(),
    });

    let livereload = tower_livereload::LiveReloadLayer::new();
    let reloader = livereload.reloader();
    let site = out.path().join("site");
    let not_found = axum::routing::any(|| async {
        (
            axum::http::StatusCode::NOT_FOUND,
            axum::response::Html(
                "<!DOCTYPE html><html lang=\"en\"><head><title>Not found</title></head><body><h1>Not found</h1></body></html>",
            ),
        )
    });
    let app = axum::Router::new()
        .fallback_service(tower_http::services::ServeDir::new(&site).fallback(not_found))
        .layer(axum::middleware::from_fn_with_state(
            builder.problems.clone(),
            show_problems,
        ))
        .layer(livereload);

    std::thread::scope(|scope| {
        let watching = scope.spawn(|| builder.rebuild_on_changes(watch, on, &reloader));
        let stop = plan.stop.clone();
        let served = runtime.block_on(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    while !stop.load(Ordering::SeqCst) {
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                })
                .await
        });
        plan.stop.store(true, Ordering::SeqCst);
        watching.join().ok();
        served.map_err(io("the server"))
    })
}

/// Builds the site into the temporary folder and keeps what went wrong for the pages.
struct Builder<'a> {
    plan: &'a ServePlan,
    out: PathBuf,
    base_url: String,
    /// The last build's errors as text, shown on every page while not empty.
    problems: Arc<Mutex<String>>,
}

impl Builder<'_> {
    fn build(&self, changed: Vec<PathBuf>, on: &(dyn Fn(ServeEvent) + Sync)) {
        let started = Instant::now();
        let plan = BuildPlan {
            locales: self.plan.locales.clone(),
            base_url: self.base_url.clone(),
            source_url: self.plan.source_url.clone(),
            link_base: self.plan.link_base.clone(),
            ..BuildPlan::new(self.out.clone())
        };
        let mut settings = self.plan.settings.clone();
        let built = match &self.plan.project_file {
            Some(path) => crate::config::ProjectFile::load(path).map(|found| {
                settings.project_file = Some(found.file);
            }),
            None => Ok(()),
        }
        .and_then(|()| Project::open(&settings))
        .and_then(|project| super::build(&project, &plan, &Silent));
        let problems = match &built {
            Ok(report) => report
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| d.to_string())
                .chain(report.write_errors.iter().map(|e| e.to_string()))
                .collect::<Vec<_>>()
                .join("\n"),
            Err(error) => error.to_string(),
        };
        if let Ok(mut shown) = self.problems.lock() {
            *shown = problems;
        }
        on(match built {
            Ok(report) => ServeEvent::Built {
                report,
                elapsed: started.elapsed(),
                changed,
            },
            Err(error) => ServeEvent::Failed { error },
        });
    }

    /// Starts watching the content, locales and templates folders and the project file.
    fn watch_inputs(&self) -> Result<Watch, Error> {
        use notify::Watcher;
        let (sender, events) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(sender).map_err(watch_error)?;
        let settings = &self.plan.settings;
        // absolute, so that the changed paths it reports compare with them
        let folders: Vec<PathBuf> = [Some(&settings.content), Some(&settings.locales_dir)]
            .into_iter()
            .chain([settings.templates.as_ref()])
            .flatten()
            .filter(|f| f.is_dir())
            .filter_map(|f| std::path::absolute(f).ok())
            .collect();
        for folder in &folders {
            watcher
                .watch(folder, notify::RecursiveMode::Recursive)
                .map_err(watch_error)?;
        }
        // a single file is watched through its folder, so an editor that replaces it is seen
        let files: Vec<PathBuf> = self
            .plan
            .project_file
            .iter()
            .filter_map(|f| std::path::absolute(f).ok())
            .collect();
        for file in &files {
            if let Some(folder) = file.parent() {
                watcher
                    .watch(folder, notify::RecursiveMode::NonRecursive)
                    .map_err(watch_error)?;
            }
        }
        Ok(Watch {
            _watcher: watcher,
            events,
            folders,
            files,
        })
    }

    /// Rebuilds after each burst of changes, and reloads the pages, until the plan stops.
    fn rebuild_on_changes(
        &self,
        watch: Watch,
        on: &(dyn Fn(ServeEvent) + Sync),
        reloader: &tower_livereload::Reloader,
    ) {
        let Watch {
            events,
            folders,
            files,
            ..
        } = &watch;
        let wanted = |path: &Path| {
            std::path::absolute(path).is_ok_and(|path| {
                files.contains(&path) || folders.iter().any(|f| path.starts_with(f))
            })
        };
        while !self.plan.stop.load(Ordering::SeqCst) {
            let first = match events.recv_timeout(Duration::from_millis(100)) {
                Ok(event) => event,
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            };
            // a save is often several events: wait until they stop coming
            let mut changed = Vec::new();
            let mut take = |event: notify::Result<notify::Event>| {
                if let Ok(event) = event
                    && !event.kind.is_access()
                {
                    changed.extend(event.paths.into_iter().filter(|p| wanted(p)));
                }
            };
            take(first);
            while let Ok(event) = events.recv_timeout(Duration::from_millis(150)) {
                take(event);
            }
            changed.sort();
            changed.dedup();
            if changed.is_empty() {
                continue;
            }
            self.build(changed, on);
            reloader.reload();
        }
    }
}

/// The watcher and what it reports.
struct Watch {
    _watcher: notify::RecommendedWatcher,
    events: mpsc::Receiver<notify::Result<notify::Event>>,
    /// The folders watched, absolute.
    folders: Vec<PathBuf>,
    /// Single files watched (through their folders), absolute.
    files: Vec<PathBuf>,
}

fn watch_error(error: notify::Error) -> Error {
    Error::Usage(format!("cannot watch the content for changes: {error}"))
}

/// Adds the last build's errors to every HTML page while there are any.
async fn show_problems(
    axum::extract::State(problems): axum::extract::State<Arc<Mutex<String>>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let response = next.run(request).await;
    let problems = problems.lock().map(|p| p.clone()).unwrap_or_default();
    let html = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if problems.is_empty() || !html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 << 20).await else {
        return axum::response::Response::from_parts(parts, axum::body::Body::empty());
    };
    let page = String::from_utf8_lossy(&bytes);
    let panel = problems_panel(&problems);
    let page = match page.rfind("</body>") {
        Some(at) => format!("{}{panel}{}", &page[..at], &page[at..]),
        None => format!("{page}{panel}"),
    };
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    axum::response::Response::from_parts(parts, axum::body::Body::from(page))
}

/// The panel listing a build's errors, escaped, fixed at the foot of the window.
fn problems_panel(problems: &str) -> String {
    let mut text = String::new();
    crate::render::html::push_escaped(&mut text, problems);
    format!(
        "<div id=\"kbgen-serve-problems\" role=\"alert\" lang=\"en\" dir=\"ltr\" style=\"position:fixed;inset:auto 0 0 0;max-height:40vh;overflow:auto;margin:0;padding:0.5rem 1rem;background:#fff0f0;color:#600;border-top:3px solid #c00;z-index:2147483647\"><p style=\"margin:0;font-weight:bold\">kbgen serve: the last build found errors; fix them and this page reloads</p><pre style=\"white-space:pre-wrap;margin:0.5rem 0 0\">{text}</pre></div>"
    )
}
