import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { isApiError } from "./api/client";
import { keys, setSession } from "./api/queries";
import { Root } from "./app";
import "./i18n";
import "./styles.css";

// A request that finds the session gone (expired, logged out elsewhere) logs this tab out too;
// the console then sends the user to the login page.
function onError(error: unknown) {
  if (isApiError(error) && error.status === 401 && error.code === "unauthenticated") {
    const session = queryClient.getQueryData<{ user: unknown }>(keys.session);
    if (session?.user) setSession(queryClient, { user: null, csrfToken: null });
  }
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      // 4xx answers are final; only network trouble and 5xx are retried.
      retry: (count, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

const container = document.getElementById("root");
if (!container) throw new Error("#root missing from index.html");
createRoot(container).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Root />
    </QueryClientProvider>
  </StrictMode>,
);
