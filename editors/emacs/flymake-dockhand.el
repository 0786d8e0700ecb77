;;; flymake-dockhand.el --- Flymake backend for dockhand  -*- lexical-binding: t -*-

;; Lints the buffer with dockhand (the Dockerfile linter) as you type.  The buffer goes to
;; dockhand on standard input; --stdin-filename gives it the file's name, so dockhand.toml is
;; found from the file's directory.  Load this file, then turn the backend on in Dockerfile
;; buffers:
;;
;;   (load "/path/to/flymake-dockhand.el")
;;   (add-hook 'dockerfile-mode-hook #'flymake-dockhand-setup)     ; dockerfile-mode package
;;   (add-hook 'dockerfile-ts-mode-hook #'flymake-dockhand-setup)  ; Emacs 29+

;;; Code:

(require 'flymake)

(defvar-local flymake-dockhand--proc nil)

(defun flymake-dockhand (report-fn &rest _args)
  "Flymake backend that runs dockhand on the buffer and calls REPORT-FN."
  (unless (executable-find "dockhand")
    (error "Cannot find dockhand on exec-path"))
  (when (process-live-p flymake-dockhand--proc)
    (kill-process flymake-dockhand--proc))
  (let ((source (current-buffer))
        (name (or buffer-file-name (expand-file-name (buffer-name)))))
    (save-restriction
      (widen)
      (setq flymake-dockhand--proc
            (make-process
             :name "flymake-dockhand" :noquery t :connection-type 'pipe
             :buffer (generate-new-buffer " *flymake-dockhand*")
             :command (list "dockhand" "--format" "gnu" "--stdin-filename" name "-")
             :sentinel
             (lambda (proc _event)
               (when (memq (process-status proc) '(exit signal))
                 (unwind-protect
                     (if (with-current-buffer source (eq proc flymake-dockhand--proc))
                         (with-current-buffer (process-buffer proc)
                           (goto-char (point-min))
                           (let (diags)
                             ;; file:line:col: error|warning|note: message [CODE]
                             (while (search-forward-regexp
                                     "^.*?:\\([0-9]+\\):\\([0-9]+\\): \\(error\\|warning\\|note\\): \\(.*\\)$"
                                     nil t)
                               (let ((region (flymake-diag-region
                                              source
                                              (string-to-number (match-string 1))
                                              (string-to-number (match-string 2))))
                                     (type (pcase (match-string 3)
                                             ("error" :error)
                                             ("warning" :warning)
                                             (_ :note))))
                                 (push (flymake-make-diagnostic source (car region) (cdr region)
                                                                type (match-string 4))
                                       diags)))
                             (funcall report-fn (nreverse diags))))
                       (flymake-log :warning "Canceling obsolete check %s" proc))
                   (kill-buffer (process-buffer proc)))))))
      (process-send-region flymake-dockhand--proc (point-min) (point-max))
      (process-send-eof flymake-dockhand--proc))))

(defun flymake-dockhand-setup ()
  "Use dockhand in this buffer's Flymake, and turn Flymake on."
  (add-hook 'flymake-diagnostic-functions #'flymake-dockhand nil t)
  (flymake-mode 1))

(provide 'flymake-dockhand)
;;; flymake-dockhand.el ends here
