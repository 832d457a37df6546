package io.storageconsole.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/** Saves what the browser showed when a browser test failed, to target/screenshots. */
class ScreenshotOnFailure implements TestExecutionExceptionHandler {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        if (context.getRequiredTestInstance() instanceof BrowserTest test && test.page != null) {
            String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
            try {
                test.page.screenshot(new com.microsoft.playwright.Page.ScreenshotOptions()
                        .setPath(Path.of("target/screenshots", name + ".png")).setFullPage(true));
                java.nio.file.Files.writeString(Path.of("target/screenshots", name + ".html"), test.page.content());
            } catch (RuntimeException | java.io.IOException screenshotFailed) {
                throwable.addSuppressed(screenshotFailed);
            }
        }
        throw throwable;
    }
}
