// swift-tools-version:6.0
// signin.cgi — Microsoft identity platform sign-in as one CGI binary.
// Targets depend downwards only: C shims → Encoding/Crypto → CGI/Cookies/JOSE/OIDC/Effects → App → signin.
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

var package = Package(
    name: "signin",
    products: [
        .executable(name: "signin", targets: ["signin"]),
    ],
    targets: [
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL"),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),

        .target(name: "Encoding", swiftSettings: strict),
        .target(name: "Crypto", dependencies: ["COpenSSL", "CZlib"], swiftSettings: strict),
        .target(name: "CGI", dependencies: ["Encoding"], swiftSettings: strict),
        .target(name: "Cookies", dependencies: ["Crypto", "Encoding", "CGI"], swiftSettings: strict),
        .target(name: "JOSE", dependencies: ["Crypto", "Encoding"], swiftSettings: strict),
        .target(name: "OIDC", dependencies: ["JOSE", "Crypto", "Encoding"], swiftSettings: strict),
        .target(name: "Effects", dependencies: ["CCurl", "Crypto", "Encoding", "CGI"], swiftSettings: strict),
        .target(name: "App", dependencies: ["Encoding", "Crypto", "CGI", "Cookies", "JOSE", "OIDC", "Effects"], swiftSettings: strict),
        // Linked into the executable only: replaces the runtime's argv lookup (Sources/CStartup/ArgumentVector.c).
        // DWARF 4: Debian 12's valgrind (the benchmark's callgrind) cannot read clang's default DWARF 5.
        .target(name: "CStartup", cSettings: [.unsafeFlags(["-gdwarf-4"])]),
        .executableTarget(name: "signin", dependencies: ["App", "CStartup"], swiftSettings: strict),

        // Test keys and fixture files shared by the test targets; no product depends on it.
        .target(name: "KeyFixtures", dependencies: ["Crypto", "Encoding"], path: "Tests/KeyFixtures", exclude: ["Keys"]),

        .testTarget(name: "EncodingTests", dependencies: ["Encoding"], exclude: ["Fixtures"]),
        .testTarget(name: "CryptoTests", dependencies: ["Crypto", "Encoding", "KeyFixtures"], exclude: ["Fixtures"]),
        .testTarget(name: "CGITests", dependencies: ["CGI", "Encoding"]),
        .testTarget(name: "CookiesTests", dependencies: ["Cookies", "Crypto", "Encoding", "CGI"]),
        .testTarget(name: "JOSETests", dependencies: ["JOSE", "Crypto", "Encoding", "KeyFixtures"]),
        .testTarget(name: "OIDCTests", dependencies: ["OIDC", "JOSE", "Crypto", "Encoding", "KeyFixtures"], exclude: ["Fixtures"]),
        .testTarget(name: "EffectsTests", dependencies: ["Effects", "Crypto", "Encoding", "CGI"], exclude: ["Support/tls_server.py"]),
        .testTarget(name: "AppTests", dependencies: ["App", "CGI", "Cookies", "JOSE", "OIDC", "Effects", "Crypto", "Encoding", "KeyFixtures"]),
    ]
)

// Fuzz targets for scripts/fuzz (libFuzzer + AddressSanitizer), declared only when SIGNIN_FUZZ=1 so the release build
// never sees them. One line per target: its name and the modules it exercises; its code is Fuzz/<name>/main.swift,
// its seeds Tests/Fuzz/corpus/<name>/ (docs/fuzzing.md).
let fuzzTargets: [(name: String, modules: [Target.Dependency])] = [
    ("FuzzCookieVault", ["Cookies", "CGI"]),
    ("FuzzFormData", ["CGI", "Encoding"]),
    ("FuzzCGIRequest", ["CGI"]),
    ("FuzzJOSE", ["JOSE", "Crypto", "Encoding", "KeyFixtures"]),
    ("FuzzProviderMetadata", ["OIDC"]),
    ("FuzzTokenResponse", ["OIDC"]),
    ("FuzzJSON", ["Encoding"]),
    ("FuzzDotEnv", ["Encoding"]),
    ("FuzzReturnTo", ["CGI"]),          // seeds also from Tests/Fuzz/lines/FuzzReturnTo/ (the open-redirect lists)
    ("FuzzFilesPath", ["CGI"]),
]
if Context.environment["SIGNIN_FUZZ"] == "1" {
    package.targets.append(.target(name: "FuzzSupport", path: "Fuzz/FuzzSupport"))
    for target in fuzzTargets {
        package.targets.append(.executableTarget(name: target.name, dependencies: ["FuzzSupport"] + target.modules,
                                                 path: "Fuzz/\(target.name)"))
        package.products.append(.executable(name: target.name, targets: [target.name]))
    }
}
