/// What a sealed cookie is for; bound into the authenticated header as `pur` so one kind is never accepted as another.
public enum CookiePurpose: String, Sendable {
    case session
    case loginState = "login"
}
