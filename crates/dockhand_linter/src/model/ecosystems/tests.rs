use super::*;

fn cmd(text: &str) -> Command {
    let script = super::super::shell::split(text);
    let c = script.commands.into_iter().next().expect("one command");
    let w = |w: &super::super::shell::Word| {
        Spanned::new(w.text.clone(), Span::new(w.range.start, w.range.end))
    };
    Command {
        piped: false,
        words: c.words.iter().map(w).collect(),
        assignments: c
            .assignments
            .iter()
            .map(|a| (a.name.clone(), w(&a.value)))
            .collect(),
        span: Span::new(c.range.start, c.range.end),
    }
}

fn class(text: &str) -> Option<(&'static str, InstallKind, String)> {
    dependency_install(&cmd(text)).map(|d| (d.tool.name, d.kind, d.text))
}

#[test]
fn classifies_installs() {
    use InstallKind::*;
    assert_eq!(
        class("go mod download"),
        Some(("go", Dependencies, "go mod download".into()))
    );
    assert_eq!(
        class("go build -a -o app ."),
        Some(("go", Build, "go build".into()))
    );
    assert_eq!(class("go install golang.org/x/tools/gopls@latest"), None);
    assert_eq!(class("go get github.com/foo/bar"), None);
    assert_eq!(
        class("npm ci"),
        Some(("npm", Dependencies, "npm ci".into()))
    );
    assert_eq!(
        class("npm install --production"),
        Some(("npm", Dependencies, "npm install".into()))
    );
    assert_eq!(class("npm install -g pnpm"), None);
    assert_eq!(class("npm install express"), None);
    assert_eq!(class("npm run build"), None);
    assert_eq!(class("yarn"), Some(("yarn", Dependencies, "yarn".into())));
    assert_eq!(
        class("yarn --frozen-lockfile"),
        Some(("yarn", Dependencies, "yarn".into()))
    );
    assert_eq!(class("yarn build"), None);
    assert_eq!(class("yarn add left-pad"), None);
    assert_eq!(
        class("pip install --no-cache-dir -r requirements.txt"),
        Some(("pip", Dependencies, "pip install".into()))
    );
    assert_eq!(
        class("python3 -m pip install -r req.txt"),
        Some(("pip", Dependencies, "python3 -m pip install".into()))
    );
    assert_eq!(class("pip install ."), None);
    assert_eq!(class("pip install flask"), None);
    assert_eq!(
        class("poetry install --no-root"),
        Some(("poetry", Dependencies, "poetry install".into()))
    );
    assert_eq!(
        class("uv sync"),
        Some(("uv", Dependencies, "uv sync".into()))
    );
    assert_eq!(
        class("cargo build --release"),
        Some(("cargo", Build, "cargo build".into()))
    );
    assert_eq!(
        class("mvn -B -f pom.xml clean package"),
        Some(("mvn", Build, "mvn clean package".into()))
    );
    assert_eq!(
        class("mvn dependency:go-offline"),
        Some(("mvn", Dependencies, "mvn dependency:go-offline".into()))
    );
    assert_eq!(
        class("./gradlew build -x test"),
        Some(("gradle", Build, "./gradlew build".into()))
    );
    assert_eq!(class("./gradlew --version"), None);
    assert_eq!(
        class("bundle install"),
        Some(("bundle", Dependencies, "bundle install".into()))
    );
    assert_eq!(class("bundle exec rake"), None);
    assert_eq!(
        class("composer install --no-dev"),
        Some(("composer", Dependencies, "composer install".into()))
    );
    assert_eq!(
        class("dotnet publish -c Release -o out"),
        Some(("dotnet", Build, "dotnet publish".into()))
    );
    assert_eq!(class("dotnet publish --no-restore"), None);
}

#[test]
fn cache_mounts() {
    let m = |t: &str| Mount {
        kind: "cache".into(),
        target: Some(t.into()),
        ..Mount::default()
    };
    assert!(mount_caches(&m("/root/.cache"), Ecosystem::Python));
    assert!(mount_caches(&m("/root/.cache/"), Ecosystem::Go));
    assert!(mount_caches(&m("/go/pkg/mod"), Ecosystem::Go));
    assert!(mount_caches(&m("/root/.npm"), Ecosystem::Node));
    assert!(!mount_caches(&m("/var/cache/apt"), Ecosystem::Node));
    assert!(!mount_caches(&m("/root/.cach"), Ecosystem::Python));
}

#[test]
fn globs() {
    assert!(glob_match("requirements*.txt", "requirements-dev.txt"));
    assert!(glob_match("*.csproj", "App.csproj"));
    assert!(glob_match("package*.json", "package.json"));
    assert!(glob_match("go.[ms]*", "go.mod"));
    assert!(!glob_match("*.csproj", "App.fsproj"));
    assert!(!glob_match("go.mod", "go.sum"));
    let info = ecosystem_info(Ecosystem::Node).expect("node row");
    assert!(names_manifest(info, "package*.json"));
    assert!(names_manifest(info, "./app/package.json"));
    assert!(!names_manifest(info, "src/"));
    let net = ecosystem_info(Ecosystem::DotNet).expect(".NET row");
    assert!(names_manifest(net, "*.csproj"));
    assert!(names_manifest(net, "src/Api/Api.csproj"));
    let go = ecosystem_info(Ecosystem::Go).expect("go row");
    assert!(names_manifest(go, "go.*"));
}
