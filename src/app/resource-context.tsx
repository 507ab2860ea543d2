import { createContext, type ReactNode, useContext } from "react";
import { type Resource, useResource } from "./useResource";

/**
 * One API resource loaded once for the whole tab and shared by every part that shows it, so a reload
 * after an edit updates all of them: a provider to put around them and the hook they read it with.
 */
export function resourceContext<T>(path: string, hookName: string) {
  const Context = createContext<Resource<T> | null>(null);
  function Provider(props: { children: ReactNode }) {
    const resource = useResource<T>(path);
    return <Context.Provider value={resource}>{props.children}</Context.Provider>;
  }
  function useShared(): Resource<T> {
    const resource = useContext(Context);
    if (!resource) throw new Error(`${hookName} outside its provider`);
    return resource;
  }
  return { Provider, useShared };
}
