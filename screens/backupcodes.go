package screens

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sparekey/sparekey/app"
)

// backupCodesScreen shows the current set: used codes struck through and
// dimmed with the date used, how many are left and when the set was made,
// with Print, Save to Text File, Copy and Generate new codes.
type backupCodesScreen struct {
	ui  *UI
	set app.CodeSet

	left     *widget.Label
	created  *widget.Label
	used     *widget.Label // when each used code was used
	grid     *fyne.Container
	cells    []*widget.RichText
	print    *widget.Button
	save     *widget.Button
	copy     *widget.Button
	generate *widget.Button
	back     *widget.Button
}

func newBackupCodesScreen(u *UI, set app.CodeSet) *backupCodesScreen {
	s := &backupCodesScreen{
		ui:  u,
		set: set,
		left: &widget.Label{Text: fmt.Sprintf(lang.L("%d of %d codes left"), set.Left(), len(set.Codes)),
			TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText},
		created: &widget.Label{Text: fmt.Sprintf(lang.L("This set was made on %s. Each code works once."), formatTime(set.Created)), Wrapping: fyne.TextWrapWord},
		used:    &widget.Label{Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText},
		grid:    codeGrid(len(set.Codes)),
	}
	var used []string
	for i, c := range set.Codes {
		cell := codeCell(i, c)
		s.cells = append(s.cells, cell)
		s.grid.Add(cell)
		if !c.Used.IsZero() {
			used = append(used, fmt.Sprintf(lang.L("%d on %s"), i+1, formatTime(c.Used)))
		}
	}
	s.used.SetText(fmt.Sprintf(lang.L("Used: %s."), strings.Join(used, "; ")))
	if len(used) == 0 {
		s.used.Hide()
	}
	s.print = &widget.Button{Text: lang.L("Print…"), Icon: theme.DocumentPrintIcon(), OnTapped: s.onPrint}
	s.save = &widget.Button{Text: lang.L("Save to Text File…"), Icon: theme.DocumentSaveIcon(), OnTapped: s.onSave}
	s.copy = &widget.Button{Text: lang.L("Copy"), Icon: theme.ContentCopyIcon(), OnTapped: s.onCopy}
	s.generate = &widget.Button{Text: lang.L("Generate New Codes…"), Icon: theme.ViewRefreshIcon(), Importance: widget.WarningImportance, OnTapped: s.onGenerate}
	s.back = &widget.Button{Text: lang.L("Back"), Icon: theme.NavigateBackIcon(), OnTapped: s.onBack}
	return s
}

// codeGrid holds n codes in two columns, numbered down the first column
// then the second, as the printed sheet has them.
func codeGrid(n int) *fyne.Container { return container.NewGridWithRows((n + 1) / 2) }

// codeCell shows one code, numbered, in monospace; a used one is struck
// through and dimmed on the same one line, so every row keeps its height
// (the dates are in a line under the grid).
func codeCell(i int, c app.Code) *widget.RichText {
	style := widget.RichTextStyle{Inline: true, TextStyle: fyne.TextStyle{Monospace: true}}
	num := &widget.TextSegment{Text: fmt.Sprintf("%2d.  ", i+1), Style: style}
	if c.Used.IsZero() {
		return widget.NewRichText(num, &widget.TextSegment{Text: c.Text, Style: style})
	}
	used := style
	used.ColorName = theme.ColorNameDisabled
	used.TextStyle.Strikethrough = true
	num.Style.ColorName = theme.ColorNameDisabled
	return widget.NewRichText(num, &widget.TextSegment{Text: c.Text, Style: used})
}

func (s *backupCodesScreen) name() string { return lang.L("Backup Codes") }

func (s *backupCodesScreen) needsSudo() bool { return true }

func (s *backupCodesScreen) focus() fyne.Focusable { return s.print }

func (s *backupCodesScreen) hasSheet() bool { return true }

func (s *backupCodesScreen) content() fyne.CanvasObject {
	return page(lang.L("Backup Codes"), lang.L("Each code signs you in once when your phone is not at hand."),
		container.NewVBox(s.left, s.created, container.NewCenter(s.grid), s.used,
			container.NewHBox(s.print, s.save, s.copy), widget.NewSeparator(),
			&widget.Label{Wrapping: fyne.TextWrapWord, Text: lang.L(Warning)}),
		[]fyne.CanvasObject{s.back}, s.generate)
}

func (s *backupCodesScreen) onPrint() { s.ui.touch(); s.ui.printSheet() }

func (s *backupCodesScreen) onSave() { s.ui.touch(); s.ui.saveSheet() }

func (s *backupCodesScreen) onCopy() { s.ui.copyCodes(s.set, s.copy) }

func (s *backupCodesScreen) onBack() { s.ui.touch(); s.ui.show(newTwoFactorScreen(s.ui)) }

// onGenerate makes a new set after a confirmation that says the current
// codes stop working.
func (s *backupCodesScreen) onGenerate() {
	s.ui.touch()
	d := dialog.NewConfirm(lang.L("Generate New Codes?"),
		lang.L("A new set of 10 codes will be made and every code of the current set stops working at once, "+
			"including printed or saved copies."), func(ok bool) {
			if ok {
				s.ui.regenerate()
			}
		}, s.ui.win)
	d.SetConfirmText(lang.L("Generate New Codes"))
	d.SetConfirmImportance(widget.DangerImportance)
	d.SetDismissText(lang.L("Cancel"))
	s.ui.showDialog(d, nil) // Enter must not throw the current set away
}

// showBackupCodes opens the backup codes screen (sudo mode).
func (u *UI) showBackupCodes() {
	var set app.CodeSet
	u.inSudo(u.showBackupCodes, func() (err error) { set, err = u.app.ShowBackupCodes(); return err },
		func() { u.show(newBackupCodesScreen(u, set)) })
}

// regenerate makes a new set (sudo mode) and shows it with the "I have
// stored these codes" gate.
func (u *UI) regenerate() {
	u.inSudo(u.regenerate, func() error { _, err := u.app.RegenerateCodes(); return err },
		func() { u.route("") })
}
