/**
 * Where msal-browser's sign-in and consent pop-ups return: a page of Orbit's own that hands the answer
 * to the window that opened it (msal-browser's redirect bridge). It must be a registered SPA redirect
 * URI of the app registration (aad.manifest.json).
 */
export const SIGN_IN_RETURN_PATH = "/feedback/signed-in";
