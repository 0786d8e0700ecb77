;;; emacs-harness.el --- test editors/emacs/flymake-dockhand.el  -*- lexical-binding: t -*-
;; Run by editors/verify.sh as
;;   emacs --batch -l editors/emacs/flymake-dockhand.el -l editors/test/emacs-harness.el FILE OUT
;; Visits FILE, appends an unsaved line (so the check must use the buffer, not the file),
;; calls the backend with a report function that records the diagnostics, waits for the
;; process, and writes one line per diagnostic to OUT: line:col-endcol type text.
(let* ((file (nth 0 command-line-args-left))
       (out (nth 1 command-line-args-left))
       (result 'pending))
  (setq command-line-args-left nil)
  (find-file file)
  (goto-char (point-max))
  (insert "RUNN echo unsaved\n")
  (flymake-dockhand (lambda (diags &rest _) (setq result diags)))
  (let ((tries 0))
    (while (and (eq result 'pending) (< tries 100))
      (accept-process-output nil 0.1)
      (setq tries (1+ tries))))
  (when (eq result 'pending)
    (error "No report from the backend"))
  (let (lines)
    (dolist (d result)
      (with-current-buffer (flymake-diagnostic-buffer d)
        (let ((beg (flymake-diagnostic-beg d))
              (end (flymake-diagnostic-end d)))
          (push (format "%d:%d-%d %s %s\n"
                        (line-number-at-pos beg)
                        (save-excursion (goto-char beg) (1+ (current-column)))
                        (save-excursion (goto-char end) (1+ (current-column)))
                        (flymake-diagnostic-type d) (flymake-diagnostic-text d))
                lines))))
    (with-temp-file out
      (insert (apply #'concat (nreverse lines))))))
