import Testing
@testable import CGI

@Suite("Escape: one escaper per output context")
struct EscapeTests {
    @Test("HTML text escapes the five special characters", arguments: [
        ("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        ("a & b \"c\"", "a &amp; b &quot;c&quot;"),
        ("&amp;", "&amp;amp;"),
        ("plain ünïcode", "plain ünïcode"),
    ])
    func html(_ input: String, _ expected: String) {
        #expect(Escape.html(input) == expected)
    }

    @Test("an attribute value cannot close its quotes")
    func attribute() {
        let escaped = Escape.attribute("\" onmouseover='x' a=\"")
        #expect(!escaped.contains("\""))
        #expect(!escaped.contains("'"))
        #expect(escaped == "&quot; onmouseover=&#39;x&#39; a=&quot;")
    }
}
