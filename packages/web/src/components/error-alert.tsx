import { Alert, Button } from "antd";
import { useTranslation } from "react-i18next";
import { isApiError } from "../api/client";

/**
 * A failed request, in the UI language, with an optional retry. `listFields` lists the server's field
 * messages under it, for requests without a form to put them on (an upload).
 */
export function ErrorAlert({ error, onRetry, title, listFields = false }: { error: unknown; onRetry?: () => void; title?: string; listFields?: boolean }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const en = i18n.language === "en";
  const text = isApiError(error) ? error.text(i18n.language) : t("app.genericError");
  const fields = listFields && isApiError(error) ? error.fields : [];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title ?? text}
      description={
        title || fields.length ? (
          <>
            {title ? text : null}
            {fields.length ? (
              <ul className="case-list">
                {fields.map((f, i) => (
                  <li key={i}>{en ? f.messageEn : f.message}</li>
                ))}
              </ul>
            ) : null}
          </>
        ) : undefined
      }
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t("app.retry")}
          </Button>
        ) : undefined
      }
    />
  );
}

/** The message of an error, for notifications. */
export function errorText(error: unknown, language: string, fallback: string): string {
  return isApiError(error) ? error.text(language) : fallback;
}
