import CGI
import Encoding

/// The tutorial's pages (index, login, auth_error, config_error, display) as built-in templates.
/// Every interpolated value goes through the escaper for its context (HTML text or quoted attribute).
enum Pages {
    static func layout(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Escape.html(title))</title>
        <style>
        body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
        table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
        pre{background:#f4f4f4;padding:1rem;overflow:auto}footer{margin-top:2rem;color:#666;text-align:right}
        .error{color:#a00}
        </style>
        </head>
        <body>
        <h1>Microsoft identity platform sign-in</h1>
        \(body)
        <hr>
        <footer>signin.cgi \(Escape.html(SigninVersion.string))</footer>
        </body>
        </html>

        """
    }

    /// index.html: "Welcome <name>!", the user's claims, links.
    static func index(name: String, claims: [(String, String)], apiURL: String?, editProfileURL: String?, logoutURL: String) -> String {
        var rows = ""
        // Room for every row up front: appended one by one, the text would be copied each time it outgrew itself.
        rows.reserveCapacity(claims.reduce(0) { $0 + $1.0.utf8.count + $1.1.utf8.count + 32 })
        for (k, v) in claims {
            rows.append("<tr><th>")
            rows.append(Escape.html(k))
            rows.append("</th><td>")
            rows.append(Escape.html(v))
            rows.append("</td></tr>\n")
        }
        var links = ""
        if let apiURL { links += "<li><a href=\"\(Escape.attribute(apiURL))\">Call a downstream API</a></li>\n" }
        if let editProfileURL { links += "<li><a href=\"\(Escape.attribute(editProfileURL))\">Edit Profile</a></li>\n" }
        links += "<li><a href=\"\(Escape.attribute(logoutURL))\">Logout</a></li>\n"
        return layout(title: "Signed in", body: """
            <h2>Welcome \(Escape.html(name))!</h2>
            <table>
            \(rows)</table>
            <ul>
            \(links)</ul>
            """)
    }

    /// login.html: the "Sign In" link to the provider's authorization endpoint.
    static func login(authorizationURL: String, resetPasswordURL: String?) -> String {
        var extra = ""
        if let resetPasswordURL {
            extra = "<p><a href=\"\(Escape.attribute(resetPasswordURL))\">Reset Password</a></p>\n"
        }
        return layout(title: "Sign in", body: """
            <h2>Sign in</h2>
            <p><a id="sign-in" href="\(Escape.attribute(authorizationURL))">Sign In</a></p>
            \(extra)
            """)
    }

    /// auth_error.html: the provider's `error` and `error_description`, escaped.
    static func authError(error: String, description: String?, loginURL: String) -> String {
        layout(title: "Sign-in error", body: """
            <h2 class="error">Sign-in failed</h2>
            <p><strong>\(Escape.html(error))</strong></p>
            <p>\(Escape.html(description ?? ""))</p>
            <p><a href="\(Escape.attribute(loginURL))">Try signing in again</a></p>
            """)
    }

    /// config_error.html: names what is missing or invalid, never a value.
    static func configError(missing: [String], invalid: [String]) -> String {
        var items = ""
        for m in missing { items += "<li>\(Escape.html(m)) is missing</li>\n" }
        for i in invalid { items += "<li>\(Escape.html(i)) is invalid</li>\n" }
        return layout(title: "Configuration error", body: """
            <h2 class="error">Configuration error</h2>
            <p>This sign-in program is not configured yet. The site owner needs to set:</p>
            <ul>
            \(items)</ul>
            <p>See the README for every setting (Apache <code>SetEnv</code>, the file named by <code>SIGNIN_CONFIG</code>, or <code>signin.env</code> in the account's home folder).</p>
            """)
    }

    /// The 403 page for a signed-in user an `ALLOWED_*` rule refuses: who they are, which rule, a sign-out link.
    static func refused(_ refusal: AccessRefusal, logoutURL: String) -> String {
        layout(title: "Access denied", body: """
            <h2 class="error">You are signed in, but this site does not let you in</h2>
            <p>Signed in as <strong>\(Escape.html(refusal.signedInAs))</strong>.</p>
            <p>\(Escape.html(refusal.explanation)) (rule: <code>\(Escape.html(refusal.rule))</code>)</p>
            <p><a href="\(Escape.attribute(logoutURL))">Sign out</a> and sign in with another account.</p>
            """)
    }

    /// display.html: the downstream API's JSON result, pretty-printed and escaped.
    static func display(endpoint: String, json: String, indexURL: String) -> String {
        layout(title: "API result", body: """
            <h2>Result of the downstream API call</h2>
            <p>GET <code>\(Escape.html(endpoint))</code></p>
            <pre>\(Escape.html(json))</pre>
            <p><a href="\(Escape.attribute(indexURL))">Back</a></p>
            """)
    }

    /// A plain error page for everything else (400, 404, 405, 413, 5xx).
    static func error(title: String, message: String, link: (String, String)? = nil) -> String {
        var extra = ""
        if let link { extra = "<p><a href=\"\(Escape.attribute(link.1))\">\(Escape.html(link.0))</a></p>" }
        return layout(title: title, body: """
            <h2 class="error">\(Escape.html(title))</h2>
            <p>\(Escape.html(message))</p>
            \(extra)
            """)
    }
}
