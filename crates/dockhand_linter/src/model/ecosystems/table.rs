//! The two tables: `ECOSYSTEMS` (manifests, caches, local build output) and `TOOLS` (the lines a
//! dependency layer is made of), with their lookups.

use super::super::images::Ecosystem;

/// What a language ecosystem's dependency managers read and write.
#[derive(Debug)]
pub struct EcosystemInfo {
    pub ecosystem: Ecosystem,
    /// Display name (`Go`, `Node.js`).
    pub label: &'static str,
    /// Manifest and lock file names, or globs over file names (`requirements*.txt`).
    pub manifests: &'static [&'static str],
    /// Fragments of the paths package managers download to or build in; a cache mount whose
    /// target contains one keeps the downloads across builds.
    pub cache_dirs: &'static [&'static str],
    /// Local build output and dependency folders that do not belong in the build context.
    pub ignore: &'static [&'static str],
}

pub static ECOSYSTEMS: &[EcosystemInfo] = &[
    EcosystemInfo {
        ecosystem: Ecosystem::Go,
        label: "Go",
        manifests: &["go.mod", "go.sum", "go.work", "go.work.sum"],
        cache_dirs: &["pkg/mod", "go-build", "gocache", "gomodcache", ".cache/go"],
        ignore: &["bin/"],
    },
    EcosystemInfo {
        ecosystem: Ecosystem::Node,
        label: "Node.js",
        manifests: &[
            "package.json",
            "package-lock.json",
            "npm-shrinkwrap.json",
            "yarn.lock",
            "pnpm-lock.yaml",
            "pnpm-workspace.yaml",
            "bun.lockb",
            "bun.lock",
            ".npmrc",
            ".yarnrc",
            ".yarnrc.yml",
            ".yarn",
        ],
        cache_dirs: &[
            ".npm",
            "npm-cache",
            "/npm",
            "yarn",
            "pnpm",
            ".bun",
            "node_modules",
        ],
        ignore: &["node_modules/", "dist/"],
    },
    EcosystemInfo {
        ecosystem: Ecosystem::Python,
        label: "Python",
        manifests: &[
            "requirements*.txt",
            "requirements",
            "constraints*.txt",
            "Pipfile",
            "Pipfile.lock",
            "pyproject.toml",
            "poetry.lock",
            "poetry.toml",
            "uv.lock",
            "pdm.lock",
            "setup.py",
            "setup.cfg",
            "environment*.yml",
            "environment*.yaml",
        ],
        cache_dirs: &[
            "/pip",
            ".cache/pip",
            "pypoetry",
            "/uv",
            ".cache/uv",
            "pipenv",
            "/pdm",
            "conda/pkgs",
            "/opt/conda/pkgs",
        ],
        ignore: &["__pycache__/", ".venv/"],
    },
    EcosystemInfo {
        ecosystem: Ecosystem::Rust,
        label: "Rust",
        manifests: &["Cargo.toml", "Cargo.lock", "recipe.json", "rust-toolchain*"],
        cache_dirs: &["cargo/registry", "cargo/git", ".cargo", "/target"],
        ignore: &["target/"],
    },
    EcosystemInfo {
        ecosystem: Ecosystem::Java,
        label: "Java",
        manifests: &[
            "pom.xml",
            ".mvn",
            "mvnw",
            "build.gradle",
            "build.gradle.kts",
            "settings.gradle",
            "settings.gradle.kts",
            "gradle.properties",
            "gradle",
            "gradlew",
            "libs.versions.toml",
        ],
        cache_dirs: &[".m2", ".gradle", "maven", "gradle"],
        ignore: &["target/", "build/", ".gradle/"],
    },
    EcosystemInfo {
        ecosystem: Ecosystem::Ruby,
        label: "Ruby",
        manifests: &["Gemfile", "Gemfile.lock", "*.gemspec", ".ruby-version"],
        cache_dirs: &["bundle", "/gems", ".gem"],
        ignore: &["vendor/bundle/", "log/", "tmp/"],
    },
    EcosystemInfo {
        ecosystem: Ecosystem::Php,
        label: "PHP",
        manifests: &["composer.json", "composer.lock", "auth.json"],
        cache_dirs: &["composer"],
        ignore: &["vendor/"],
    },
    EcosystemInfo {
        ecosystem: Ecosystem::DotNet,
        label: ".NET",
        manifests: &[
            "*.csproj",
            "*.fsproj",
            "*.vbproj",
            "*.sln",
            "*.slnx",
            "nuget.config",
            "NuGet.Config",
            "Directory.Build.props",
            "Directory.Build.targets",
            "Directory.Packages.props",
            "packages.config",
            "global.json",
            "packages.lock.json",
        ],
        cache_dirs: &["nuget"],
        ignore: &["bin/", "obj/"],
    },
];

/// A dependency manager and the dependency layer to suggest for it.
#[derive(Debug)]
pub struct Tool {
    /// As the user types it (`npm`, `./gradlew` is `gradle`).
    pub name: &'static str,
    pub ecosystem: Ecosystem,
    /// The COPY of the manifests this tool reads.
    pub copy_line: &'static str,
    /// The RUN that installs only the dependencies.
    pub install_line: &'static str,
    /// Where the tool keeps its downloads by default (as root in the official images).
    pub cache_target: &'static str,
}

pub static TOOLS: &[Tool] = &[
    Tool {
        name: "go",
        ecosystem: Ecosystem::Go,
        copy_line: "COPY go.mod go.sum ./",
        install_line: "RUN go mod download",
        cache_target: "/go/pkg/mod",
    },
    Tool {
        name: "npm",
        ecosystem: Ecosystem::Node,
        copy_line: "COPY package.json package-lock.json ./",
        install_line: "RUN npm ci",
        cache_target: "/root/.npm",
    },
    Tool {
        name: "yarn",
        ecosystem: Ecosystem::Node,
        copy_line: "COPY package.json yarn.lock ./",
        install_line: "RUN yarn install --frozen-lockfile",
        cache_target: "/usr/local/share/.cache/yarn",
    },
    Tool {
        name: "pnpm",
        ecosystem: Ecosystem::Node,
        copy_line: "COPY package.json pnpm-lock.yaml ./",
        install_line: "RUN pnpm install --frozen-lockfile",
        cache_target: "/root/.local/share/pnpm/store",
    },
    Tool {
        name: "bun",
        ecosystem: Ecosystem::Node,
        copy_line: "COPY package.json bun.lock* ./",
        install_line: "RUN bun install --frozen-lockfile",
        cache_target: "/root/.bun/install/cache",
    },
    Tool {
        name: "pip",
        ecosystem: Ecosystem::Python,
        copy_line: "COPY requirements.txt ./",
        install_line: "RUN pip install -r requirements.txt",
        cache_target: "/root/.cache/pip",
    },
    Tool {
        name: "poetry",
        ecosystem: Ecosystem::Python,
        copy_line: "COPY pyproject.toml poetry.lock ./",
        install_line: "RUN poetry install --no-root",
        cache_target: "/root/.cache/pypoetry",
    },
    Tool {
        name: "pipenv",
        ecosystem: Ecosystem::Python,
        copy_line: "COPY Pipfile Pipfile.lock ./",
        install_line: "RUN pipenv install --deploy",
        cache_target: "/root/.cache/pipenv",
    },
    Tool {
        name: "uv",
        ecosystem: Ecosystem::Python,
        copy_line: "COPY pyproject.toml uv.lock ./",
        install_line: "RUN uv sync --frozen --no-install-project",
        cache_target: "/root/.cache/uv",
    },
    Tool {
        name: "pdm",
        ecosystem: Ecosystem::Python,
        copy_line: "COPY pyproject.toml pdm.lock ./",
        install_line: "RUN pdm install --prod --no-self",
        cache_target: "/root/.cache/pdm",
    },
    Tool {
        name: "conda",
        ecosystem: Ecosystem::Python,
        copy_line: "COPY environment.yml ./",
        install_line: "RUN conda env create -f environment.yml",
        cache_target: "/opt/conda/pkgs",
    },
    Tool {
        name: "cargo",
        ecosystem: Ecosystem::Rust,
        copy_line: "COPY Cargo.toml Cargo.lock ./",
        install_line:
            "RUN mkdir src && echo 'fn main() {}' > src/main.rs && cargo build --release && rm -rf src",
        cache_target: "/usr/local/cargo/registry",
    },
    Tool {
        name: "mvn",
        ecosystem: Ecosystem::Java,
        copy_line: "COPY pom.xml ./",
        install_line: "RUN mvn dependency:go-offline",
        cache_target: "/root/.m2",
    },
    Tool {
        name: "gradle",
        ecosystem: Ecosystem::Java,
        copy_line: "COPY build.gradle settings.gradle ./",
        install_line: "RUN gradle dependencies",
        cache_target: "/root/.gradle",
    },
    Tool {
        name: "bundle",
        ecosystem: Ecosystem::Ruby,
        copy_line: "COPY Gemfile Gemfile.lock ./",
        install_line: "RUN bundle install",
        cache_target: "/usr/local/bundle/cache",
    },
    Tool {
        name: "composer",
        ecosystem: Ecosystem::Php,
        copy_line: "COPY composer.json composer.lock ./",
        install_line: "RUN composer install --no-scripts --no-autoloader",
        cache_target: "/root/.cache/composer",
    },
    Tool {
        name: "dotnet",
        ecosystem: Ecosystem::DotNet,
        copy_line: "COPY *.csproj ./",
        install_line: "RUN dotnet restore",
        cache_target: "/root/.nuget/packages",
    },
];

/// The table row of an ecosystem (only those with a dependency manager have one).
pub fn ecosystem_info(e: Ecosystem) -> Option<&'static EcosystemInfo> {
    ECOSYSTEMS.iter().find(|i| i.ecosystem == e)
}

pub fn tool(name: &str) -> Option<&'static Tool> {
    TOOLS.iter().find(|t| t.name == name)
}
