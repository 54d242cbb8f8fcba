/**
 * The plain reload (ssh-deploy's `reload-unit`, the root action's undo of an unproved reload) names one command
 * the rendered sudo rules allow: `systemctl reload UNIT`, or for an app under supervisor `supervisorctl signal
 * HUP PROGRAM` (before, the undo ran `systemctl reload shop.service` there, which no rule allows).
 */
import { reloadCommand, reloadTarget } from '../../src/releases/deploy.js';

const text = (f: { text: string }) => f.text;

describe('the plain reload', () => {
  test('a systemd unit: systemctl reload, the name quoted', () => {
    expect(text(reloadCommand('shop.service'))).toBe('sudo -n systemctl reload shop.service');
    expect(text(reloadCommand("x';reboot;'.service"))).toBe(
      `sudo -n systemctl reload 'x'\\'';reboot;'\\''.service'`,
    );
  });

  test('supervisor:PROGRAM: supervisorctl signal HUP PROGRAM, exactly as the sudo rule names it', () => {
    expect(text(reloadCommand('supervisor:shop'))).toBe('sudo -n /usr/bin/supervisorctl signal HUP shop');
    expect(text(reloadCommand('supervisor:a b;c'))).toBe("sudo -n /usr/bin/supervisorctl signal HUP 'a b;c'");
  });

  test('the target follows the spec: the service under systemd, the program under supervisor', () => {
    const r = { name: 'shop', units: { service: 'shop.service' } };
    expect(reloadTarget({ ...r, spec: {} })).toBe('shop.service');
    expect(reloadTarget({ ...r, spec: { 'process-manager': 'systemd' } })).toBe('shop.service');
    expect(reloadTarget({ ...r, spec: { 'process-manager': 'supervisor' } })).toBe('supervisor:shop');
  });
});
