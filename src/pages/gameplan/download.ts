import { apiError } from "../../app/api";

/**
 * Downloads an API file as the signed-in user. A plain link cannot carry the bearer token, so the file is
 * fetched, kept as a Blob and handed to the browser through an object URL and a clicked `download` link.
 * Returns the file's name (the server's, from Content-Disposition).
 */
export async function downloadFile(path: string, token: string, fallbackName: string): Promise<string> {
  const response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw await apiError(response);
  const name =
    /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the Blob while the download starts; let it go a while later, not at once.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
