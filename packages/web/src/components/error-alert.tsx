import { Alert, Button } from "antd";
import { useTranslation } from "react-i18next";
import { isApiError } from "../api/client";

/** A failed request, in the UI language, with an optional retry. */
export function ErrorAlert({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const text = isApiError(error) ? error.text(i18n.language) : t("app.genericError");
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title ?? text}
      description={title ? text : undefined}
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
